"""Scores of a khronika JSON export against the development sets' gold files.

Two sets of rules, each re-written from the scorer the set ships with (the rules are the
contract; the numbers must be the ones those scorers print, rounded as they round):

- :func:`score_hrdev`: ``shared/benchmarks/score.py``, for ``hrdev`` (gold.jsonl) and the seeds
  (gold.json). B³ over the gold documents that are in the export (a null primary incident is a
  cluster of its own; a missing document is left out), then per gold incident the majority
  primary incident's type, date, country, region and place under loose name matching.
- :func:`score_gva`: ``shared/benchmarks/gva/score.py``, for ``gva``. B³ over every gold
  document (missing or null: a cluster of its own; a null primary of a ``copy_of`` document takes
  its original's first), then date/state/city/country/counts over all gold incidents.

``doc_ids`` restricts a score to part of a set (the check part of :func:`split_incidents`): only
those export documents, only the gold incidents with a document among them (their document lists
cut to them), and only the export incidents that a kept document is in or is primary of.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

from khronika.errors import EvalError

Json = dict[str, Any]

SPLIT_SALT = "khronika-split-v1"


# --------------------------------------------------------------------------- gold and parts


def load_gold(path: Path | str) -> list[Json]:
    """Gold incidents of a ``.jsonl`` set (hrdev, gva: one incident a line) or of a seeds-style
    ``.json`` annotation, with ``primary_doc_ids`` and ``required`` filled as the scorers fill
    them: in a ``.jsonl`` every document is primary; in a ``.json`` only the first incident's."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalError(f"{path}: cannot read the gold file ({exc}).") from exc
    if path.suffix == ".jsonl":
        lines = enumerate(text.split("\n"), 1)
        incidents = [_gold_line(path, n, line) for n, line in lines if line.strip()]
        for incident in incidents:
            incident.setdefault("required", True)
            incident["primary_doc_ids"] = list(incident["doc_ids"])
        return incidents
    return _seeds_gold(path, text)


def _gold_line(path: Path, number: int, line: str) -> Json:
    try:
        incident = json.loads(line)
    except json.JSONDecodeError as exc:
        raise EvalError(f"{path}, line {number}: not valid JSON ({exc.msg}).") from exc
    return _checked(path, f"line {number}", incident)


def _checked(path: Path, where: str, incident: object) -> Json:
    if not isinstance(incident, dict):
        raise EvalError(f"{path}, {where}: a gold incident must be a JSON object.")
    missing = [k for k in ("incident_id", "doc_ids") if k not in incident]
    if missing:
        raise EvalError(f"{path}, {where}: the gold incident lacks {', '.join(missing)}.")
    if not isinstance(incident["doc_ids"], list):
        raise EvalError(f"{path}, {where}: doc_ids must be a list of document ids.")
    return incident


def _seeds_gold(path: Path, text: str) -> list[Json]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise EvalError(f"{path}: not valid JSON ({exc.msg}, line {exc.lineno}).") from exc
    if not isinstance(data, dict) or not isinstance(data.get("incidents"), list):
        raise EvalError(f'{path}: a gold annotation needs an "incidents" list.')
    incidents = [_checked(path, f"incident {n}", i) for n, i in enumerate(data["incidents"], 1)]
    for incident in incidents:
        incident.setdefault("primary_doc_ids", [])
        incident.setdefault("required", False)
    if incidents:  # both seed reports are mainly about the first incident (the June 2015 attack)
        incidents[0]["primary_doc_ids"] = list(incidents[0]["doc_ids"])
    return incidents


def split_incidents(
    incident_ids: Iterable[str], check_share: float = 0.5, salt: str = SPLIT_SALT
) -> tuple[list[str], list[str]]:
    """(training ids, check ids): the ``round(n * check_share)`` ids first in the order of
    SHA-256(salt + id) go to the check part. Deterministic, disjoint, covering; each list keeps
    the order the ids were given in. Pass the whole set's ids (the parts of a subset, such as
    hrdev's English reports, are then cut from the whole set's parts)."""
    if not 0.0 <= check_share <= 1.0:
        raise ValueError(f"check_share must be between 0 and 1, not {check_share}")
    ids = list(dict.fromkeys(incident_ids))
    ranked = sorted(ids, key=lambda i: hashlib.sha256((salt + i).encode("utf-8")).hexdigest())
    check = set(ranked[: round(len(ids) * check_share)])
    return [i for i in ids if i not in check], [i for i in ids if i in check]


def part_doc_ids(gold: list[Json], incident_ids: Iterable[str]) -> set[str]:
    """The documents of the given gold incidents (a part's ``doc_ids`` for the scorers)."""
    wanted = set(incident_ids)
    return {d for g in gold if g["incident_id"] in wanted for d in g["doc_ids"]}


def restrict(
    export: Json, gold: list[Json], doc_ids: Iterable[str], *, follow_copies: bool
) -> tuple[Json, list[Json]]:
    """The export and gold cut to ``doc_ids`` (see the module notes). With ``follow_copies`` a
    null primary is first taken from its ``copy_of`` original, which may lie outside the part."""
    keep = set(doc_ids)
    documents = _documents(export)
    primary = _primaries(documents) if follow_copies else _own_primaries(documents)
    kept = [dict(d, primary_incident=primary[i]) for i, d in documents.items() if i in keep]
    wanted = {d["primary_incident"] for d in kept} - {None}
    incidents = [
        i
        for i in export.get("incidents", [])
        if i.get("incident_id") in wanted or keep & set(i.get("doc_ids") or [])
    ]
    return dict(export, documents=kept, incidents=incidents), _restrict_gold(gold, keep)


def _restrict_gold(gold: list[Json], keep: set[str]) -> list[Json]:
    out = []
    for g in gold:
        if not keep & set(g["doc_ids"]):
            continue
        cut = dict(g, doc_ids=[d for d in g["doc_ids"] if d in keep])
        if "primary_doc_ids" in g:
            cut["primary_doc_ids"] = [d for d in g["primary_doc_ids"] if d in keep]
        out.append(cut)
    return out


def _documents(export: Json) -> dict[str, Json]:
    return {d["doc_id"]: d for d in export.get("documents", []) if d.get("doc_id")}


def _own_primaries(documents: dict[str, Json]) -> dict[str, Any]:
    return {i: d.get("primary_incident") for i, d in documents.items()}


def _primaries(documents: dict[str, Json]) -> dict[str, Any]:
    """Each document's primary incident; a null one is taken along its ``copy_of`` chain."""
    out: dict[str, Any] = {}
    for doc_id, doc in documents.items():
        primary, seen, current = doc.get("primary_incident"), set(), doc
        while primary is None and current.get("copy_of") and current["copy_of"] not in seen:
            seen.add(current["copy_of"])
            current = documents.get(current["copy_of"], {})
            primary = current.get("primary_incident")
        out[doc_id] = primary
    return out


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


# --------------------------------------------------------------------------- hrdev and seeds

_COUNTRY_ALIASES = {
    "russian federation": "russia", "türkiye": "turkey", "turkiye": "turkey",
    "united mexican states": "mexico", "republic of honduras": "honduras",
    "uae": "united arab emirates", "usa": "united states", "us": "united states",
    "united states of america": "united states", "iran, islamic republic of": "iran",
    "islamic republic of iran": "iran", "republic of belarus": "belarus",
}  # fmt: skip
_REGION_WORDS = (
    "republic of ", "respublika ", " republic", " respublika", " province", " oblast",
    " region", " state", " department", " departamento", " krai", " kray", " ili",
)  # fmt: skip
_REGION_ALIASES = {
    "chechen": "chechnya", "chechenskaya": "chechnya", "chechen republic": "chechnya",
    "ingushetiya": "ingushetia", "ingush": "ingushetia", "istanbul province": "istanbul",
}  # fmt: skip


def _fold(value: object) -> str:
    """ASCII, lower case, trimmed; a few country spellings mapped to one name."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKD", str(value)).encode("ascii", "ignore").decode()
    text = text.lower().strip()
    return _COUNTRY_ALIASES.get(text, text)


def _region_key(value: object) -> str:
    text = _fold(value)
    for word in _REGION_WORDS:
        text = text.replace(word, " ")
    text = " ".join(text.split())
    return _REGION_ALIASES.get(text, text)


def _date_ok(predicted: object, gold: object) -> bool | None:
    """A day must match whole; a gold month or year is matched by any value starting with it."""
    if gold is None or isinstance(gold, list):
        return None
    value = predicted.get("value") if isinstance(predicted, dict) else predicted
    if not value or not isinstance(value, str) or not isinstance(gold, str):
        return False
    return value[: len(gold)] == gold and (len(gold) < 10 or value[:10] == gold)


def _place_ok(predicted: Json | None, gold: Json | None) -> bool | None:
    """The predicted place inside the gold one, or the gold place's first word in it."""
    if not gold or not gold.get("place"):
        return None
    place, gold_place = _fold((predicted or {}).get("place")), _fold(gold.get("place"))
    if not place:
        return False
    return place in gold_place or bool(gold_place and gold_place.split(" ")[0].strip(",(") in place)


def _region_ok(predicted: Json | None, gold: Json | None) -> bool | None:
    """The gold region (republic/province/oblast words dropped) in, or holding, the predicted
    region or place."""
    if not gold or not gold.get("region"):
        return None
    wanted = _region_key(gold["region"])
    got = [_region_key((predicted or {}).get(k)) for k in ("region", "place")]
    return any(g and (g == wanted or g in wanted or wanted in g) for g in got)


def _country_ok(predicted: Json | None, gold: Json | None) -> bool | None:
    if not gold or not gold.get("country"):
        return None
    return _fold((predicted or {}).get("country")) == _fold(gold["country"])


def _hrdev_b3(pred_of: dict[str, Any], gold_of: dict[str, str]) -> tuple[float, float, float]:
    """B³ over the gold documents present in the export; a null primary is a singleton."""
    docs = [d for d in gold_of if d in pred_of]
    if not docs:
        return 0.0, 0.0, 0.0
    by_pred: dict[Any, set[str]] = defaultdict(set)
    by_gold: dict[str, set[str]] = defaultdict(set)
    for d in docs:
        if pred_of[d] is not None:
            by_pred[pred_of[d]].add(d)
        by_gold[gold_of[d]].add(d)
    p = r = 0.0
    for d in docs:
        same_pred = by_pred[pred_of[d]] if pred_of[d] is not None else {d}
        same_gold = by_gold[gold_of[d]]
        common = len(same_pred & same_gold)
        p += common / len(same_pred)
        r += common / len(same_gold)
    p, r = p / len(docs), r / len(docs)
    return p, r, _f1(p, r)


def _hrdev_primary(g: Json) -> list[str]:
    return list(g["primary_doc_ids"] if "primary_doc_ids" in g else g["doc_ids"])


def _background_found(g: Json, incidents: dict[Any, Json]) -> bool:
    """A non-primary gold incident is found by any incident of its type citing all its
    documents with a compatible date."""
    cited = set(g["doc_ids"])
    return any(
        i.get("event_type") == g["event_type"]
        and cited <= set(i.get("doc_ids", []))
        and _date_ok(i.get("date"), g.get("date")) in (True, None)
        for i in incidents.values()
    )


_HRDEV_CHECKS: tuple[tuple[str, Callable[[Any, Any], bool | None]], ...] = (
    ("country", _country_ok),
    ("region", _region_ok),
    ("place", _place_ok),
)


def _hrdev_incident(g: Json, found: Json, fields: dict[str, list[bool]]) -> None:
    """Append the field checks of one primary gold incident against its predicted incident."""
    fields["type"].append(found.get("event_type") == g["event_type"])
    date_name = "date" if g.get("year_in_sources", True) else "date_hard"
    result = _date_ok(found.get("date"), g.get("date"))
    if result is not None:
        fields[date_name].append(result)
    for name, check in _HRDEV_CHECKS:
        result = check(found.get("location"), g.get("location"))
        if result is not None:
            fields[name].append(result)


def _hrdev_fields(
    gold: list[Json], incidents: dict[Any, Json], pred_of: dict[str, Any]
) -> dict[str, list[bool]]:
    fields: dict[str, list[bool]] = defaultdict(list)
    for g in gold:
        primary = _hrdev_primary(g)
        if not primary:
            if g.get("required", True):
                fields["required_found"].append(_background_found(g, incidents))
            continue
        votes = Counter(pred_of.get(d) for d in primary if pred_of.get(d))
        found = incidents.get(votes.most_common(1)[0][0]) if votes else None
        fields["required_found"].append(found is not None)
        _hrdev_incident(g, found or {}, fields)
    return fields


def score_hrdev(export: Json, gold: list[Json], doc_ids: set[str] | None = None) -> Json:
    """The metrics ``shared/benchmarks/score.py`` prints for this export and gold, same keys:
    b3_p, b3_r, b3_f1, incidents_pred, incidents_gold, then per field (required_found, type,
    date or date_hard, country, region, place) its accuracy and ``<field>_n``."""
    if doc_ids is not None:
        export, gold = restrict(export, gold, doc_ids, follow_copies=False)
    incidents = {i["incident_id"]: i for i in export.get("incidents", [])}
    pred_of = {d["doc_id"]: d.get("primary_incident") for d in export.get("documents", [])}
    gold_of = {d: g["incident_id"] for g in gold for d in _hrdev_primary(g)}
    p, r, f = _hrdev_b3(pred_of, gold_of)
    out: Json = {
        "b3_p": round(p, 3), "b3_r": round(r, 3), "b3_f1": round(f, 3),
        "incidents_pred": len(incidents), "incidents_gold": len(gold),
    }  # fmt: skip
    for name, checks in _hrdev_fields(gold, incidents, pred_of).items():
        out[name] = round(sum(checks) / len(checks), 3) if checks else None
        out[name + "_n"] = len(checks)
    return out


# --------------------------------------------------------------------------- gva

US_STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon",
    "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
    "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia",
    "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
}  # fmt: skip
_US_NAMES = {"united states", "united states of america", "usa", "us", "u s", "u s a", "america"}
_KILLED = ("killed", "dead", "deaths", "fatalities", "num_killed")
_INJURED = ("injured", "wounded", "injuries", "num_injured")
_ABBREVIATIONS = (
    (r"\bst\.?(?=\s)", "saint"),
    (r"\bft\.?(?=\s)", "fort"),
    (r"\bmt\.?(?=\s)", "mount"),
)
_GVA_FIELDS = ("date_exact", "date_pm1", "date_month", "region", "place", "country")


def _gva_fold(value: object) -> str:
    """No diacritics, case-folded, St./Ft./Mt. spelled out, punctuation to spaces, no leading
    'City of'."""
    if not isinstance(value, str):
        return ""
    text = unicodedata.normalize("NFKD", value)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    for short, long in _ABBREVIATIONS:
        text = re.sub(short, long, text)
    text = re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", text)).strip()
    return re.sub(r"^(city|town|village) of ", "", text)


def _gva_place(value: object) -> str:
    return re.sub(r" (county|parish|township|twp)$", "", _gva_fold(value))


def _gva_state(value: object) -> str:
    """A US state's folded full name, from a name, a USPS code or a D.C. spelling."""
    if not isinstance(value, str):
        return ""
    code = value.strip().upper().replace(".", "")
    if code in US_STATES:
        return _gva_fold(US_STATES[code])
    text = re.sub(r"^(state of|commonwealth of) ", "", _gva_fold(value.strip()))
    text = "washington" if text == "washington state" else re.sub(r" state$", "", text)
    if text in ("d c", "dc", "washington d c", "washington dc"):
        return "district of columbia"
    return text


def _day(value: object) -> date | None:
    match = re.match(r"^(\d{4})-(\d{2})-(\d{2})", value) if isinstance(value, str) else None
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _count(incident: Json, names: tuple[str, ...]) -> int | None:
    """A casualty count from the incident or its ``casualties``: a number or {"value": n}."""
    for container in (incident, incident.get("casualties") or {}):
        if not isinstance(container, dict):
            continue
        for name in names:
            value = container.get(name)
            if isinstance(value, bool):
                continue
            if isinstance(value, (int, float)):
                return int(value)
            if isinstance(value, dict) and isinstance(value.get("value"), (int, float)):
                return int(value["value"])
    return None


def _last_name(name: object) -> str:
    words = [w for w in _gva_fold(name).split() if w not in ("jr", "sr", "ii", "iii", "iv")]
    return words[-1] if words else ""


def _gva_b3(gold_of: dict[str, str], pred_of: dict[str, str]) -> Json:
    gold_members: dict[str, set[str]] = defaultdict(set)
    pred_members: dict[str, set[str]] = defaultdict(set)
    for d, g in gold_of.items():
        gold_members[g].add(d)
        pred_members[pred_of[d]].add(d)
    p = r = 0.0
    for d in gold_of:
        common = len(gold_members[gold_of[d]] & pred_members[pred_of[d]])
        p += common / len(pred_members[pred_of[d]])
        r += common / len(gold_members[gold_of[d]])
    n = len(gold_of) or 1
    p, r = p / n, r / n
    f = _f1(p, r)
    rounded = {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4)}
    return {**rounded, "predicted_clusters": len(pred_members)}


def _gva_clusters(
    gold: list[Json], primaries: dict[str, Any]
) -> tuple[dict[str, str], dict[str, str], int, int]:
    """(gold_of, pred_of, missing, null): a missing or null document is its own cluster."""
    gold_of = {d: g["incident_id"] for g in gold for d in g["doc_ids"]}
    pred_of: dict[str, str] = {}
    missing = null = 0
    for d in gold_of:
        missing += d not in primaries
        null += d in primaries and primaries[d] is None
        pred_of[d] = f"__singleton__{d}" if primaries.get(d) is None else str(primaries[d])
    return gold_of, pred_of, missing, null


def _gva_match(
    g: Json, primaries: dict[str, Any], size: Counter[str], incidents: dict[Any, Json]
) -> Json | None:
    """The majority primary incident of the gold incident's documents; ties go to the larger
    predicted cluster, then the smaller id."""
    votes = Counter(primaries[d] for d in g["doc_ids"] if primaries.get(d) is not None)
    if not votes:
        return None
    best = min(votes.items(), key=lambda kv: (-kv[1], -size.get(str(kv[0]), 0), str(kv[0])))[0]
    return incidents.get(best)


def _gva_date_hits(g: Json, incident: Json, hits: Counter[str]) -> None:
    gold_day = date.fromisoformat(g["date"])
    when = incident.get("date")
    value = when.get("value") if isinstance(when, dict) else when
    day = _day(value)
    hits["date_exact"] += day == gold_day
    hits["date_pm1"] += day is not None and abs((day - gold_day).days) <= 1
    hits["date_month"] += isinstance(value, str) and value.startswith(g["date"][:7])


def _gva_place_hits(g: Json, incident: Json, hits: Counter[str]) -> None:
    where, gold_where = incident.get("location") or {}, g["location"]
    state = _gva_state(where.get("region"))
    hits["region"] += bool(state) and state == _gva_state(gold_where["region"])
    raw = gold_where.get("place_raw")
    names = [gold_where.get("place"), raw, *gold_where.get("place_alternatives", [])]
    wanted = {_gva_place(x) for x in names if x}
    wanted.add(_gva_place(re.sub(r"\s*\(.*?\)\s*", " ", raw or "")))
    place = where.get("place")
    forms = {_gva_place(place)}
    if isinstance(place, str) and "," in place:
        forms.add(_gva_place(place.split(",", 1)[0]))
    hits["place"] += bool((forms - {""}) & (wanted - {""}))
    country = where.get("country")
    country = country if isinstance(country, str) else ""
    hits["country"] += _gva_fold(country) in _US_NAMES or country.strip().upper() in ("US", "USA")


def _name_hits(g: Json, incident: Json, role: str) -> int:
    found = {_last_name(v.get("name", "")) for v in incident.get(role) or [] if isinstance(v, dict)}
    found.discard("")
    return sum(1 for name in g.get(role, []) if _last_name(name) in found)


def _gva_incident_hits(g: Json, incident: Json, has_counts: bool, hits: Counter[str]) -> None:
    _gva_date_hits(g, incident, hits)
    _gva_place_hits(g, incident, hits)
    if has_counts:
        hits["killed"] += _count(incident, _KILLED) == g["killed"]
        hits["injured"] += _count(incident, _INJURED) == g["injured"]
    hits["is_killing"] += (incident.get("event_type") == "killing") == (g["killed"] > 0)
    hits["victims"] += _name_hits(g, incident, "victims")
    hits["perpetrators"] += _name_hits(g, incident, "perpetrators")


def _share(hit: int, total: int) -> float | None:
    return round(hit / total, 4) if total else None


def _accuracy(hit: int, total: int) -> float:
    return round(hit / total, 4) if total else 0.0


def score_gva(export: Json, gold: list[Json], doc_ids: set[str] | None = None) -> Json:
    """The metrics ``shared/benchmarks/gva/score.py`` prints for this export and gold, same
    nested keys: gold/export counts, ``bcubed`` {p, r, f1, predicted_clusters}, ``fields``
    {date_exact, date_pm1, date_month, region, place, country, killed, injured} and ``extras``
    {is_killing, victim_name_recall, perpetrator_name_recall}."""
    if doc_ids is not None:
        export, gold = restrict(export, gold, doc_ids, follow_copies=True)
    primaries = _primaries(_documents(export))
    gold_of, pred_of, missing, null = _gva_clusters(gold, primaries)
    incidents = {i["incident_id"]: i for i in export.get("incidents", []) if i.get("incident_id")}
    has_counts = any(
        _count(i, _KILLED) is not None or _count(i, _INJURED) is not None
        for i in incidents.values()
    )
    size, hits, matched = Counter(pred_of.values()), Counter[str](), 0
    for g in gold:
        incident = _gva_match(g, primaries, size, incidents)
        if incident is not None:
            matched += 1
            _gva_incident_hits(g, incident, has_counts, hits)
    n = len(gold)
    fields: Json = {k: _accuracy(hits[k], n) for k in _GVA_FIELDS}
    for k in ("killed", "injured"):
        fields[k] = _accuracy(hits[k], n) if has_counts else None
    victims = sum(len(g.get("victims", [])) for g in gold)
    perpetrators = sum(len(g.get("perpetrators", [])) for g in gold)
    return {
        "gold_docs": len(gold_of),
        "gold_incidents": n,
        "gold_multi_doc_incidents": sum(1 for g in gold if len(g["doc_ids"]) > 1),
        "docs_missing_from_export": missing,
        "docs_null_primary": null,
        "export_documents": len(export.get("documents", [])),
        "export_incidents": len(incidents),
        "bcubed": _gva_b3(gold_of, pred_of),
        "gold_incidents_with_predicted_incident": matched,
        "fields": fields,
        "extras": {
            "is_killing": _accuracy(hits["is_killing"], n),
            "victim_name_recall": _share(hits["victims"], victims),
            "perpetrator_name_recall": _share(hits["perpetrators"], perpetrators),
        },
    }


def b3_f1(clusters: dict[str, Any], gold: list[Json]) -> float:
    """Unrounded B³ F1 of a document -> cluster map over the gold documents it covers (every
    document assigned; the measure both scorers agree on then), for tuning."""
    gold_of = {d: g["incident_id"] for g in gold for d in g["doc_ids"] if d in clusters}
    if not gold_of:
        return 0.0
    pred_of = {d: str(clusters[d]) for d in gold_of}
    by_pred: dict[str, set[str]] = defaultdict(set)
    by_gold: dict[str, set[str]] = defaultdict(set)
    for d, g in gold_of.items():
        by_pred[pred_of[d]].add(d)
        by_gold[g].add(d)
    p = r = 0.0
    for d, g in gold_of.items():
        common = len(by_pred[pred_of[d]] & by_gold[g])
        p += common / len(by_pred[pred_of[d]])
        r += common / len(by_gold[g])
    return _f1(p / len(gold_of), r / len(gold_of))
