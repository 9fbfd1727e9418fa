"""The layers go one way: no import cycle among khronika's modules, ``api/`` and ``web/``
never import each other (both use ``webcommon/``; ``app.py`` assembles them), and spaCy is
loaded only by the steps that parse (not by ``import khronika.service`` or ``khronika.link``).

The graph is read from the source (every ``import`` and ``from ... import``, inside functions
too; those under ``if TYPE_CHECKING:`` are for the type checker and left out)."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import khronika

SRC = Path(khronika.__file__).resolve().parent
Graph = dict[str, dict[str, int]]  # module -> {module it imports: line}


def _module_names() -> dict[str, Path]:
    names = {}
    for path in SRC.rglob("*.py"):
        parts = ["khronika", *path.relative_to(SRC).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


MODULES = _module_names()


def _known(name: str) -> str | None:
    """The khronika module ``name`` is, or is inside (``pkg.mod.attr`` -> ``pkg.mod``)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped |= {id(n) for sub in node.body for n in ast.walk(sub)}
    return skipped


def _imported(module: str, path: Path) -> Iterator[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _type_checking_nodes(tree)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            yield from ((a.name, node.lineno) for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
            source = ".".join([*base, node.module] if node.module else base)
            source = source if node.level else (node.module or "")
            for alias in node.names:
                full = f"{source}.{alias.name}"
                yield (full if full in MODULES else source), node.lineno


def _graph() -> Graph:
    graph: Graph = {}
    for module, path in MODULES.items():
        edges = graph.setdefault(module, {})
        for name, line in _imported(module, path):
            target = _known(name) if name.startswith("khronika") else None
            if target is not None and target != module:
                edges.setdefault(target, line)
    return graph


def _cycle(graph: Graph) -> list[str] | None:
    """One import cycle, as the modules around it, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = 1
        path.append(module)
        for target in graph[module]:
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (found := visit(target)):
                return found
        path.pop()
        state[module] = 2
        return None

    for module in sorted(graph):
        if module not in state and (found := visit(module)):
            return found
    return None


def _describe(graph: Graph, cycle: list[str]) -> str:
    steps = zip(cycle, cycle[1:], strict=False)
    return " -> ".join(f"{a} (line {graph[a][b]})" for a, b in steps) + f" -> {cycle[-1]}"


def test_no_import_cycle_among_khronikas_modules() -> None:
    graph = _graph()
    assert len(graph) > 100
    assert any(graph.values())
    cycle = _cycle(graph)
    assert cycle is None, "import cycle: " + _describe(graph, cycle or [])


def test_the_cycle_check_finds_a_cycle() -> None:
    graph: Graph = {"a": {"b": 1}, "b": {"c": 2}, "c": {"a": 3}, "d": {"a": 4}}
    assert _cycle(graph) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b": 1}, "b": {}, "c": {"a": 2, "b": 3}}) is None


@pytest.mark.parametrize(("half", "other"), [("api", "web"), ("web", "api")])
def test_api_and_web_never_import_each_other(half: str, other: str) -> None:
    graph = _graph()
    crossing = [
        f"{module} imports {target} (line {line})"
        for module, edges in graph.items()
        if module.startswith(f"khronika.{half}")
        for target, line in edges.items()
        if target == f"khronika.{other}" or target.startswith(f"khronika.{other}.")
    ]
    assert crossing == []


def test_the_low_layers_import_nothing_above_them() -> None:
    """webcommon/ below api/ and web/; pipeline below extract/; store/ below the library."""
    graph = _graph()
    rules = {
        "khronika.webcommon": ("khronika.api", "khronika.web.", "khronika.app"),
        "khronika.pipeline": ("khronika.extract",),
        "khronika.store": ("khronika.service", "khronika.link", "khronika.api", "khronika.web."),
        "khronika.domain": ("khronika.extract", "khronika.link", "khronika.store"),
    }
    wrong = [
        f"{module} imports {target}"
        for module, edges in graph.items()
        for low, above in rules.items()
        if module == low or module.startswith(low + ".")
        for target in edges
        if target.startswith(above) or target in {a.rstrip(".") for a in above}
    ]
    assert wrong == []


@pytest.mark.parametrize(
    "module", ["khronika.service", "khronika.link", "khronika.resolve", "khronika.corroborate"]
)
def test_importing_the_library_does_not_load_spacy(module: str) -> None:
    """spaCy (about 2 s to import) is loaded by the steps that parse, not by the library's
    import: a child process (the crash test's, a worker's) starts without it."""
    code = f"import sys, {module}; print(sorted(m for m in sys.modules if m == 'spacy'))"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
