"""``khronika eval --set DIR``: the whole pipeline on an evaluation set, beside the baseline.

The set's reports (optionally only some languages) are ingested, in the set's order, into a
temporary encrypted store with a throw-away passphrase; the export is scored by the shared
scorers' rules (:mod:`.set_scoring`) on the training part, the check part and the whole set.
The TF-IDF + date-window baseline (:mod:`.baseline`), its threshold tuned on the training
part, is scored the same way in the same run. Figures to quote are the check part's.
"""

from __future__ import annotations

import secrets
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import baseline as bl
from . import set_scoring as ss
from .sets import EvalSet, load_set

PARTS = ("train", "check", "all")
FIELDS = {
    "hrdev": ("type", "date", "country", "region", "place"),
    "gva": ("type", "date_exact", "date_pm1", "country", "region", "place", "killed", "injured"),
}


def run_set(
    folder: Path,
    languages: set[str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    eval_set = load_set(folder)
    documents = [d for d in eval_set.documents if _wanted(d.language, languages)]
    ids = {d.doc_id for d in documents}
    gold = [g for g in eval_set.gold if ids & set(g["doc_ids"])]
    parts = _parts(eval_set, ids)
    started = time.monotonic()
    export = _khronika_export(eval_set, documents, progress)
    seconds = time.monotonic() - started
    records = [r for r in bl.load_records(folder) if r.doc_id in ids]
    threshold, _ = bl.tune_threshold([r for r in records if r.doc_id in parts["train"]], gold)
    base = bl.baseline_export(records, threshold)
    return {
        "set": eval_set.name,
        "kind": eval_set.kind,
        "languages": sorted(languages) if languages else "all",
        "reports": len(documents),
        "seconds": round(seconds, 1),
        "parts": {p: len(docs) for p, docs in parts.items()},
        "khronika": {p: _score(eval_set.kind, export, gold, docs) for p, docs in parts.items()},
        "baseline": {p: _score(eval_set.kind, base, gold, docs) for p, docs in parts.items()},
        "baseline_threshold": threshold,
        "by_language": _by_language(eval_set, documents, parts, export, gold),
        "linked_across_languages": linked_across_languages(documents, export, gold),
    }


def _by_language(
    eval_set: EvalSet,
    documents: list[Any],
    parts: dict[str, set[str]],
    export: dict[str, Any],
    gold: list[Any],
) -> dict[str, dict[str, Any]]:
    """Each language's figures on each part (its reports' incidents, as the set scores them),
    and those of every report not in English together ("not en")."""
    languages = sorted({d.language or "en" for d in documents}, key=lambda c: (c != "en", c))
    if len(languages) < 2:
        return {}
    out: dict[str, dict[str, Any]] = {}
    groups = {code: {code} for code in languages}
    groups["not en"] = set(languages) - {"en"}
    for code, members in groups.items():
        mine = {d.doc_id for d in documents if (d.language or "en") in members}
        out[code] = {
            p: {"reports": len(docs & mine), **_score(eval_set.kind, export, gold, docs & mine)}
            for p, docs in parts.items()
        }
    return out


def linked_across_languages(
    documents: list[Any], export: dict[str, Any], gold: list[Any]
) -> dict[str, Any]:
    """How many reports not in English were filed under the incident most of the English
    reports of their gold incident were filed under (only incidents with English reports)."""
    language = {d.doc_id: d.language or "en" for d in documents}
    primary = {d["doc_id"]: d.get("primary_incident") for d in export.get("documents", [])}
    linked, total, missed = 0, 0, []
    for g in gold:
        english = [d for d in g["doc_ids"] if language.get(d) == "en"]
        foreign = [d for d in g["doc_ids"] if language.get(d, "en") != "en"]
        votes = Counter(primary.get(d) for d in english if primary.get(d))
        if not english or not foreign or not votes:
            continue
        target = votes.most_common(1)[0][0]
        for doc_id in foreign:
            total += 1
            if primary.get(doc_id) == target:
                linked += 1
            else:
                missed.append(doc_id)
    return {"linked": linked, "reports": total, "missed": missed}


def _wanted(language: str | None, languages: set[str] | None) -> bool:
    return languages is None or (language or "en") in languages


def _parts(eval_set: EvalSet, ids: set[str]) -> dict[str, set[str]]:
    check = eval_set.check_incidents()
    found: dict[str, set[str]] = {"train": set(), "check": set(), "all": set()}
    for g in eval_set.gold:
        docs = set(g["doc_ids"]) & ids
        found["check" if g["incident_id"] in check else "train"] |= docs
        found["all"] |= docs
    return found


def _khronika_export(
    eval_set: EvalSet, documents: list[Any], progress: Callable[[str], None] | None
) -> dict[str, Any]:
    from ..errors import EvalError
    from ..export import to_json
    from ..service import Record
    from ..store import Store

    with tempfile.TemporaryDirectory(prefix="khronika-eval-") as tmp:
        store = Store(Path(tmp) / "eval.db", secrets.token_hex(16), create=True)
        try:
            result = Record(store, author="eval").ingest(
                (d.incoming() for d in documents), progress=progress
            )
            if result.errors:
                raise EvalError(f"{eval_set.folder}: " + "; ".join(str(e) for e in result.errors))
            return to_json(store)
        finally:
            store.close()


def _score(kind: str, export: dict[str, Any], gold: list[Any], docs: set[str]) -> dict[str, Any]:
    """B³ and field accuracy in one flat shape for both kinds of set."""
    if kind == "gva":
        raw = ss.score_gva(export, gold, docs)
        b3 = raw["bcubed"]
        fields = dict(raw["fields"])
        fields["type"] = raw["extras"]["is_killing"]
        return {"b3_p": b3["p"], "b3_r": b3["r"], "b3_f1": b3["f1"], **fields}
    raw = ss.score_hrdev(export, gold, docs)
    return {k: v for k, v in raw.items() if not k.endswith("_n") and not k.startswith("incidents")}


def render(report: dict[str, Any]) -> str:
    kind = report["kind"]
    fields = FIELDS[kind]
    head = ["", "part", "reports", "B3 P", "B3 R", "B3 F1", *fields]
    lines = [
        f"set {report['set']} ({kind}), languages {report['languages']}: "
        f"{report['reports']} reports ingested in {report['seconds']} s; "
        f"baseline threshold {report['baseline_threshold']:.2f} (tuned on the training part)",
        "\t".join(head),
    ]
    for system in ("khronika", "baseline"):
        for part in PARTS:
            row = report[system][part]
            values = [row.get(k) for k in ("b3_p", "b3_r", "b3_f1")]
            values += [None if system == "baseline" else row.get(f) for f in fields]
            cells = [system, part, str(report["parts"][part]), *(_cell(v) for v in values)]
            lines.append("\t".join(cells))
    lines += _render_languages(report, fields)
    return "\n".join(lines)


def _render_languages(report: dict[str, Any], fields: tuple[str, ...]) -> list[str]:
    by_language = report.get("by_language") or {}
    if not by_language:
        return []
    lines = ["by language (khronika):", "\t".join(["", "part", "reports", "B3 F1", *fields])]
    for code, rows in by_language.items():
        for part in ("check", "all"):
            row = rows[part]
            values = [row.get("b3_f1"), *(row.get(f) for f in fields)] if row["reports"] else []
            values += [None] * (len(fields) + 1 - len(values))
            lines.append("\t".join([code, part, str(row["reports"]), *(_cell(v) for v in values)]))
    linked = report.get("linked_across_languages") or {}
    if linked.get("reports"):
        missed = ", ".join(linked["missed"]) or "none"
        lines.append(
            f"reports not in English filed under the incident of the English reports of the same "
            f"event: {linked['linked']} of {linked['reports']} (not: {missed})"
        )
    return lines


def _cell(value: Any) -> str:
    return "-" if value is None else f"{float(value):.3f}"
