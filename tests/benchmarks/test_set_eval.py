"""``khronika eval --set``: a set folder in the shared layout, scored beside the baseline."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from khronika.benchmarks.set_eval import run_set
from khronika.benchmarks.set_scoring import score_hrdev
from khronika.cli import main

# Written for this test: two incidents, two reports each, and a report in another language.
REPORTS = [
    (
        "r1",
        "2021-03-09",
        "Masked men set fire to the office of the Free Press Centre in "
        "Culiacán, Mexico, on 8 March 2021. The staff escaped unhurt.",
        "en",
        "I1",
    ),
    (
        "r2",
        "2021-02-03",
        "Police detained the journalist Ana Torres in Oaxaca, Mexico, on "
        "2 February 2021 and held her for ten hours without charge.",
        "en",
        "I2",
    ),
    (
        "r3",
        "2021-03-10",
        "The office of the Free Press Centre in Culiacán was set on fire by "
        "masked men on Monday, 8 March 2021, the centre said.",
        "en",
        "I1",
    ),
    (
        "r4",
        "2021-02-04",
        "Journalist Ana Torres was detained by police in Oaxaca on "
        "2 February 2021, her lawyer said; she was released without charge.",
        "en",
        "I2",
    ),
    ("r5", "2021-02-04", "La policía detuvo a la periodista Ana Torres en Oaxaca.", "es", "I2"),
]


def _write_set(folder: Path) -> Path:
    (folder / "docs").mkdir(parents=True)
    lines: list[dict[str, str | None]] = []
    gold: dict[str, list[str]] = {}
    for doc_id, published, text, language, incident in REPORTS:
        (folder / "docs" / f"{doc_id}.txt").write_text(text + "\n", encoding="utf-8")
        lines.append(
            {
                "doc_id": doc_id,
                "published": published,
                "language": language,
                "url": None,
                "publisher": f"publisher-{doc_id}",
                "title": None,
            }
        )
        gold.setdefault(incident, []).append(doc_id)
    (folder / "docs.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    incidents = [
        {
            "incident_id": "I1",
            "doc_ids": gold["I1"],
            "event_type": "arson",
            "date": "2021-03-08",
            "location": {"place": "Culiacán", "region": "Sinaloa", "country": "Mexico"},
        },
        {
            "incident_id": "I2",
            "doc_ids": gold["I2"],
            "event_type": "arbitrary_detention",
            "date": "2021-02-02",
            "location": {"place": "Oaxaca", "region": None, "country": "Mexico"},
        },
    ]
    (folder / "gold.jsonl").write_text("\n".join(json.dumps(x) for x in incidents) + "\n")
    return folder


def test_eval_set_scores_khronika_and_the_baseline_by_part(tmp_path: Path) -> None:
    folder = _write_set(tmp_path / "tiny")
    report = run_set(folder, {"en"})
    assert report["reports"] == 4
    assert report["parts"]["all"] == 4
    assert report["parts"]["train"] + report["parts"]["check"] == 4
    mine = report["khronika"]["all"]
    assert mine["b3_f1"] == 1.0, mine  # two clear incidents, each told twice
    assert mine["type"] == mine["date"] == mine["country"] == 1.0
    assert set(report["baseline"]["all"]) >= {"b3_p", "b3_r", "b3_f1"}


def test_eval_set_cli_prints_both_systems(tmp_path: Path) -> None:
    folder = _write_set(tmp_path / "tiny")
    result = CliRunner().invoke(main, ["eval", "--set", str(folder), "--json"])
    assert result.exit_code == 0, result.output
    (report,) = json.loads(result.output[result.output.index("[") :])
    assert report["languages"] == "all"
    assert report["reports"] == 5
    assert {"khronika", "baseline"} <= set(report)


def test_scores_restricted_to_a_part_only_count_that_part() -> None:
    gold = [
        {"incident_id": "A", "doc_ids": ["a1", "a2"], "event_type": "arson"},
        {"incident_id": "B", "doc_ids": ["b1"], "event_type": "arson"},
    ]
    export = {
        "documents": [
            {"doc_id": "a1", "primary_incident": "x"},
            {"doc_id": "a2", "primary_incident": "x"},
            {"doc_id": "b1", "primary_incident": "x"},
        ],
        "incidents": [{"incident_id": "x", "event_type": "arson"}],
    }
    assert score_hrdev(export, gold, {"a1", "a2"})["b3_f1"] == 1.0
    assert score_hrdev(export, gold)["b3_f1"] < 1.0
