"""The evaluation against gold.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from khronika.errors import EvalError
from khronika.evaluate import evaluate, load_gold, render, score


@pytest.fixture(scope="module")
def report(gold_path: Path, seed_manifest: Path) -> dict[str, Any]:
    return evaluate(gold_path, seed_manifest)


def test_every_required_seed_incident_is_found(
    report: dict[str, Any], gold: dict[str, Any]
) -> None:
    required = [g for g in gold["incidents"] if g.get("required", True)]
    assert report["required_total"] == len(required) == 6
    assert report["required_found"] == 6


def test_type_and_date_are_right_for_every_found_incident(report: dict[str, Any]) -> None:
    assert report["field_accuracy"]["type"] == 1.0
    assert report["field_accuracy"]["date"] == 1.0


def test_jmg_names_are_one_actor_and_grozny_spellings_one_place(report: dict[str, Any]) -> None:
    jmg = next(a for a in report["actors"] if a["actor"] == "Joint Mobile Group")
    assert jmg["one_actor"]
    assert jmg["kind_ok"]
    grozny = next(p for p in report["places"] if p["place"] == "Grozny")
    assert grozny["one_place"]


def test_render_summarises_the_scores(report: dict[str, Any]) -> None:
    text = render(report)
    assert f"{report['required_found']} of {report['required_total']}" in text


def test_a_gold_file_that_is_not_json_is_an_eval_error(tmp_path: Path, seed_manifest: Path) -> None:
    bad = tmp_path / "gold-broken.json"
    bad.write_text("{ this is not json", encoding="utf-8")
    with pytest.raises(EvalError) as info:
        evaluate(bad, seed_manifest)
    assert str(bad) in str(info.value)


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ({"incidents": "nope"}, "incidents"),
        ([1, 2, 3], "incidents"),
        ({"incidents": [{"incident_id": "x", "doc_ids": ["a"]}]}, "event_type"),
    ],
)
def test_a_gold_file_with_the_wrong_shape_is_an_eval_error(
    tmp_path: Path, content: Any, needle: str
) -> None:
    path = tmp_path / "gold-shape.json"
    path.write_text(json.dumps(content), encoding="utf-8")
    with pytest.raises(EvalError) as info:
        load_gold(path)
    assert str(path) in str(info.value)
    assert needle in str(info.value)


def test_a_missing_gold_file_is_an_eval_error(tmp_path: Path) -> None:
    path = tmp_path / "absent.json"
    with pytest.raises(EvalError, match="absent.json"):
        load_gold(path)


def test_score_of_an_empty_system_finds_nothing(gold: dict[str, Any]) -> None:
    result = score(gold, {"documents": [], "incidents": [], "actors": []}, {})
    assert result["required_found"] == 0
    assert result["required_total"] == 6
    assert all(v is None for v in result["field_accuracy"].values())
