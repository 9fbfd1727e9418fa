"""The set scorers against the shared scorers, run as programs on the same export file.

Exports are built from the real gold files, one predicted incident per gold incident, then
perturbed (dates a day off or cut to a month, wrong or reformatted places, states as USPS codes,
split and merged clusters, missing documents, null primaries, copy_of chains and cycles, unknown
incident ids, casualty counts in each accepted shape). Both must print the same JSON.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from khronika.benchmarks import set_scoring as ss
from khronika.benchmarks.ecbplus import default_shared_dir
from khronika.errors import EvalError

# $KHRONIKA_SHARED or the repository's sibling folder shared/ (read by path, never copied).
BENCH = default_shared_dir() / "benchmarks"
HRDEV_GOLD = BENCH / "hrdev" / "gold.jsonl"
GVA_GOLD = BENCH / "gva" / "gold.jsonl"
SEEDS_GOLD = default_shared_dir() / "seeds" / "gold.json"
HRDEV_SCORER = BENCH / "score.py"
GVA_SCORER = BENCH / "gva" / "score.py"
SEEDS = (1, 2, 3, 4, 5)
TYPES = ("killing", "assault", "arbitrary_detention", "raid_or_search", "judicial_harassment")
USPS = {name: code for code, name in ss.US_STATES.items()}

Json = dict[str, Any]


@pytest.fixture(scope="module", autouse=True)
def _need_sets() -> None:
    for path in (HRDEV_GOLD, GVA_GOLD, HRDEV_SCORER, GVA_SCORER, SEEDS_GOLD):
        if not path.is_file():
            pytest.fail(f"development sets not available: {path} is missing")


def shared_score(scorer: Path, export: Json, gold: Path, tmp_path: Path) -> Json:
    export_path = tmp_path / "export.json"
    export_path.write_text(json.dumps(export), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, str(scorer), str(export_path), str(gold)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return dict(json.loads(run.stdout))


# ------------------------------------------------------------------ perturbed exports


def _day_shift(value: str, days: int) -> str:
    return (dt.date.fromisoformat(value) + dt.timedelta(days=days)).isoformat()


def _date(rng: random.Random, gold: Any) -> Any:
    if not isinstance(gold, str):
        return rng.choice([{"value": "2015-06-03"}, {"value": None}, None])
    choices: list[Any] = [{"value": gold, "precision": "day"}, {"value": gold[:7]}, gold]
    choices += [{"value": None}, None, {"value": "2015"}, {"value": gold[:4] + "-13-45"}]
    if len(gold) == 10:
        choices += [{"value": _day_shift(gold, rng.choice((-2, -1, 1)))}]
        choices += [{"value": gold + "T10:00"}, _day_shift(gold, 1)]
    return rng.choice(choices)


def _place(rng: random.Random, gold: Json, other: Json) -> Any:
    place, region = gold.get("place") or "", gold.get("region") or ""
    first = place.split(" ")[0].strip(",(")
    return rng.choice(
        [place, place.upper(), first, f"{first}, {region}", f"St. {first}", other.get("place"),
         None, "", "Saint " + first, f"{first} County", (gold.get("place_alternatives") or
         [first])[0], "City of " + first]
    )  # fmt: skip


def _region(rng: random.Random, gold: Json, other: Json) -> Any:
    region = gold.get("region") or ""
    return rng.choice(
        [region, region.lower(), USPS.get(region, region), USPS.get(region, "x") + ".",
         f"{region} Oblast", f"Republic of {region}", f"State of {region}", other.get("region"),
         None, "D.C.", "Washington State", region.split(" ")[0]]
    )  # fmt: skip


def _country(rng: random.Random, gold: Json, other: Json) -> Any:
    return rng.choice(
        [gold.get("country"), "USA", "US", "u.s.", "UAE", "Russian Federation", "Türkiye",
         other.get("country"), None, 42, "America"]
    )  # fmt: skip


def _counts(rng: random.Random, g: Json) -> Json:
    killed, injured = g.get("killed") or 0, g.get("injured") or 0
    shapes: list[Json] = [
        {"killed": killed, "injured": injured},
        {"killed": killed + 1, "injured": injured},
        {"casualties": {"dead": killed, "wounded": {"value": injured}}},
        {"deaths": float(killed), "injuries": True},
        {},
    ]
    shape: Json = rng.choice(shapes)
    return dict(shape)


def _names(rng: random.Random, names: list[str]) -> list[Json]:
    out: list[Any] = [{"name": n if rng.random() < 0.7 else n.split(" ")[0]} for n in names]
    extra: list[Any] = rng.choice([[], [{"name": "Jane Doe Jr."}], [{"name": None}], ["x"]])
    return out + extra  # "x": a name that is not an object, as a careless export has


def _incident(rng: random.Random, g: Json, other: Json, inc_id: str, counts: bool) -> Json:
    gold_where, other_where = g.get("location") or {}, other.get("location") or {}
    where = {
        "place": _place(rng, gold_where, other_where),
        "region": _region(rng, gold_where, other_where),
        "country": _country(rng, gold_where, other_where),
    }
    incident = {
        "incident_id": inc_id,
        "event_type": g["event_type"] if rng.random() < 0.6 else rng.choice(TYPES),
        "date": _date(rng, g.get("date")),
        "location": where if rng.random() < 0.9 else None,
        "victims": _names(rng, g.get("victims", [])),
        "perpetrators": _names(rng, g.get("perpetrators", [])),
        "doc_ids": list(g["doc_ids"]),
    }
    return incident | (_counts(rng, g) if counts else {})


def _documents(rng: random.Random, g: Json, inc_id: str, previous: str | None) -> list[Json]:
    """The gold incident's documents as the export gives them, with cluster perturbations."""
    fate = rng.random()
    docs = []
    for n, doc_id in enumerate(g["doc_ids"]):
        primary: str | None = inc_id
        if fate < 0.12 and n % 2:
            primary = inc_id + "-split"
        elif fate < 0.24 and previous is not None:
            primary = previous
        elif fate < 0.3 and n == 0:
            primary = "ghost-" + inc_id  # an incident id the export does not list
        docs.append({"doc_id": doc_id, "primary_incident": primary, "copy_of": None})
    for doc in docs:
        roll = rng.random()
        if roll < 0.06:
            doc["primary_incident"] = None
        elif roll < 0.14 and len(docs) > 1:
            doc["primary_incident"] = None
            doc["copy_of"] = rng.choice([d["doc_id"] for d in docs if d is not doc])
    return [d for d in docs if rng.random() > 0.08]  # some documents missing from the export


def perturbed_export(gold: list[Json], seed: int, counts: bool = True) -> Json:
    rng = random.Random(seed)
    documents: list[Json] = []
    incidents: list[Json] = []
    previous: str | None = None
    for n, g in enumerate(gold):
        inc_id = f"k{seed}-{n:03d}"
        other = gold[(n + 7) % len(gold)]
        incidents.append(_incident(rng, g, other, inc_id, counts))
        if rng.random() < 0.3:
            incidents.append(_incident(rng, other, g, inc_id + "-split", counts))
        documents += _documents(rng, g, inc_id, previous)
        previous = inc_id if rng.random() < 0.5 else None
    documents.append({"doc_id": "not-in-gold", "primary_incident": incidents[0]["incident_id"]})
    _add_copy_cycle(documents)
    return {"documents": documents, "incidents": incidents, "actors": []}


def _add_copy_cycle(documents: list[Json]) -> None:
    """Two null documents that are copies of each other (the scorers must stop)."""
    a, b = documents[1], documents[2]
    a.update(primary_incident=None, copy_of=b["doc_id"])
    b.update(primary_incident=None, copy_of=a["doc_id"])


# ------------------------------------------------------------------ agreement with the scorers


@pytest.mark.parametrize("seed", SEEDS)
def test_hrdev_agrees_with_shared_scorer(seed: int, tmp_path: Path) -> None:
    gold = ss.load_gold(HRDEV_GOLD)
    export = perturbed_export(gold, seed)
    ours = ss.score_hrdev(export, gold)
    assert ours == shared_score(HRDEV_SCORER, export, HRDEV_GOLD, tmp_path)
    assert 0.3 < ours["b3_f1"] < 1.0
    assert 0.0 < ours["place"] < 1.0
    assert 0.0 < ours["date"] < 1.0


@pytest.mark.parametrize("seed", SEEDS)
def test_gva_agrees_with_shared_scorer(seed: int, tmp_path: Path) -> None:
    gold = ss.load_gold(GVA_GOLD)
    export = perturbed_export(gold, seed, counts=seed % 2 == 1)
    ours = ss.score_gva(export, gold)
    assert ours == shared_score(GVA_SCORER, export, GVA_GOLD, tmp_path)
    fields = ours["fields"]
    assert all(0.0 < fields[k] < 1.0 for k in ("date_exact", "date_pm1", "region", "place"))
    assert (fields["killed"] is None) == (seed % 2 == 0)
    assert ours["docs_null_primary"] > 0
    assert ours["docs_missing_from_export"] > 0


@pytest.mark.parametrize("seed", SEEDS[:2])
def test_hrdev_rules_on_gva_and_seeds_agree(seed: int, tmp_path: Path) -> None:
    for path in (GVA_GOLD, SEEDS_GOLD):
        gold = ss.load_gold(path)
        export = perturbed_export(gold, seed)
        assert ss.score_hrdev(export, gold) == shared_score(HRDEV_SCORER, export, path, tmp_path)


def test_seeds_background_incidents(tmp_path: Path) -> None:
    """Seeds: only the first incident is primary; the others are found by any incident of
    their type citing their reports with a compatible date."""
    gold = ss.load_gold(SEEDS_GOLD)
    export = {
        "documents": [{"doc_id": d, "primary_incident": "a"} for d in gold[0]["doc_ids"]],
        "incidents": [
            {"incident_id": "a", "event_type": "attack_on_premises",
             "date": {"value": "2015-06-03"},
             "location": {"place": "Grozny", "region": "Chechen Republic", "country": "Russia"},
             "doc_ids": gold[0]["doc_ids"]},
            {"incident_id": "b", "event_type": "arson", "date": {"value": "2014-12-13"},
             "doc_ids": gold[1]["doc_ids"]},
        ],
    }  # fmt: skip
    ours = ss.score_hrdev(export, gold)
    assert ours == shared_score(HRDEV_SCORER, export, SEEDS_GOLD, tmp_path)
    assert ours["b3_f1"] == 1.0
    assert ours["region"] == 1.0
    assert ours["type"] == 1.0
    assert ours["required_found_n"] == 6
    assert ours["required_found"] == round(2 / 6, 3)


def _part_files(gold_path: Path, check: set[str], tmp_path: Path) -> Path:
    lines = [ln for ln in gold_path.read_text(encoding="utf-8").split("\n") if ln.strip()]
    kept = [ln for ln in lines if json.loads(ln)["incident_id"] in check]
    part = tmp_path / "check.jsonl"
    part.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return part


def _part_export(export: Json, docs: set[str]) -> Json:
    documents = [d for d in export["documents"] if d["doc_id"] in docs]
    primaries = {d["primary_incident"] for d in documents}
    incidents = [
        i for i in export["incidents"] if i["incident_id"] in primaries or docs & set(i["doc_ids"])
    ]
    return dict(export, documents=documents, incidents=incidents)


@pytest.mark.parametrize(("path", "scorer"), [(HRDEV_GOLD, HRDEV_SCORER), (GVA_GOLD, GVA_SCORER)])
def test_check_part_equals_scoring_the_part_alone(path: Path, scorer: Path, tmp_path: Path) -> None:
    """doc_ids=the check part's documents scores as the shared scorer does on a gold file of the
    check incidents and an export of their documents."""
    gold = ss.load_gold(path)
    score = ss.score_hrdev if scorer == HRDEV_SCORER else ss.score_gva
    _, check = ss.split_incidents(g["incident_id"] for g in gold)
    docs = ss.part_doc_ids(gold, check)
    for seed in SEEDS[:3]:
        export = perturbed_export(gold, seed)
        part_gold = _part_files(path, set(check), tmp_path)
        expected = shared_score(scorer, _part_export(export, docs), part_gold, tmp_path)
        assert score(export, gold, docs) == expected
    everything = {d for g in gold for d in g["doc_ids"]} | {"not-in-gold"}
    assert score(export, gold, everything) == score(export, gold)


def test_part_follows_copies_out_of_the_part() -> None:
    """gva: a null copy in the check part takes the primary of its original in the other part."""
    gold = [
        {"incident_id": "g1", "doc_ids": ["a", "b"], "date": "2016-01-02", "killed": 0,
         "event_type": "assault",
         "location": {"place": "Gary", "region": "Indiana"}},
        {"incident_id": "g2", "doc_ids": ["c"], "date": "2016-01-03", "killed": 1,
         "event_type": "killing",
         "location": {"place": "Gary", "region": "Indiana"}},
    ]  # fmt: skip
    export = {
        "documents": [
            {"doc_id": "a", "primary_incident": None, "copy_of": "c"},
            {"doc_id": "b", "primary_incident": "p"},
            {"doc_id": "c", "primary_incident": "p"},
        ],
        "incidents": [{"incident_id": "p", "date": {"value": "2016-01-02"}, "doc_ids": ["b", "c"]}],
    }
    whole = ss.score_gva(export, gold, {"a", "b"})
    assert whole["bcubed"]["f1"] == 1.0
    assert whole["fields"]["date_exact"] == 1.0
    assert ss.score_hrdev(export, gold, {"a", "b"})["b3_r"] == 0.5  # hrdev: no copy rule


# ------------------------------------------------------------------ split and gold loading


def test_split_is_deterministic_disjoint_covering_and_half() -> None:
    for path in (HRDEV_GOLD, GVA_GOLD):
        ids = [g["incident_id"] for g in ss.load_gold(path)]
        train, check = ss.split_incidents(ids)
        assert (train, check) == ss.split_incidents(list(ids))
        assert not set(train) & set(check)
        assert set(train) | set(check) == set(ids)
        assert abs(len(check) - len(ids) / 2) <= 1
        assert ss.split_incidents(ids, salt="other") != (train, check)
    train, check = ss.split_incidents([f"i{n}" for n in range(100)], check_share=0.2)
    assert len(check) == 20
    assert len(train) == 80
    with pytest.raises(ValueError, match="check_share"):
        ss.split_incidents(["a"], check_share=1.5)


def test_split_does_not_depend_on_order() -> None:
    ids = [g["incident_id"] for g in ss.load_gold(GVA_GOLD)]
    train, check = ss.split_incidents(ids)
    train_r, check_r = ss.split_incidents(list(reversed(ids)))
    assert set(train) == set(train_r)
    assert set(check) == set(check_r)
    assert check_r == list(reversed(check))


def test_load_gold_errors(tmp_path: Path) -> None:
    bad = tmp_path / "gold.jsonl"
    bad.write_text(
        '{"incident_id": "a", "doc_ids": ["x"]}\n{"incident_id": "b"\n', encoding="utf-8"
    )
    with pytest.raises(EvalError, match=r"gold\.jsonl, line 2: not valid JSON"):
        ss.load_gold(bad)
    bad.write_text('{"incident_id": "a"}\n', encoding="utf-8")
    with pytest.raises(EvalError, match="line 1: the gold incident lacks doc_ids"):
        ss.load_gold(bad)
    with pytest.raises(EvalError, match="cannot read the gold file"):
        ss.load_gold(tmp_path / "missing.jsonl")
    loaded = ss.load_gold(HRDEV_GOLD)
    assert len(loaded) == 29
    assert all(g["primary_doc_ids"] == g["doc_ids"] for g in loaded)
    seeds = ss.load_gold(SEEDS_GOLD)
    assert seeds[0]["primary_doc_ids"] == seeds[0]["doc_ids"]
    assert seeds[1]["primary_doc_ids"] == []
