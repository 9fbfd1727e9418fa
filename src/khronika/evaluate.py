"""``khronika eval``: score the whole pipeline against a hand annotation (gold.json).

The reports of a manifest are ingested into a temporary store; system incidents are
matched one-to-one to gold incidents (shared reports, type, date, victims); then fields,
fact statuses, actor merges and place merges are scored. Nothing here knows any report:
everything is read from the gold file.
"""

from __future__ import annotations

import json
import secrets
import tempfile
from pathlib import Path
from typing import Any

from .errors import EvalError
from .export import to_json
from .resolve import normalise
from .store import Store

FACT_MIN_SHARED = 2


def load_gold(path: Path) -> dict[str, Any]:
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EvalError(f"{path}: cannot read the gold annotation ({exc}).") from exc
    if not isinstance(gold, dict) or not isinstance(gold.get("incidents"), list):
        raise EvalError(f'{path}: a gold annotation needs an "incidents" list.')
    for n, incident in enumerate(gold["incidents"], 1):
        missing = {"incident_id", "doc_ids", "event_type"} - set(incident)
        if missing:
            raise EvalError(f"{path}: gold incident {n} lacks {', '.join(sorted(missing))}.")
    return gold


def evaluate(gold_path: Path, manifest: Path) -> dict[str, Any]:
    from .ingest import iter_reports
    from .service import Record

    gold = load_gold(gold_path)
    with tempfile.TemporaryDirectory(prefix="khronika-eval-") as tmp:
        # encrypted with a throw-away passphrase: nothing readable is left in the temp folder
        store = Store(Path(tmp) / "eval.db", secrets.token_hex(16), create=True)
        try:
            record = Record(store)
            result = record.ingest(iter_reports(manifest=manifest))
            if result.errors:
                raise EvalError("; ".join(str(e) for e in result.errors))
            system = to_json(store)
            place_ids = _place_ids_by_surface(store)
        finally:
            store.close()
    return score(gold, system, place_ids)


def _place_ids_by_surface(store: Store) -> dict[str, set[str]]:
    """Normalised surface -> place ids; countries under the key "#country" as well."""
    found: dict[str, set[str]] = {}
    for report in store.reports():
        for mention in store.extraction(report.doc_id).places:
            found.setdefault(normalise(mention.span.quote), set()).add(mention.place.place_id)
            if mention.place.kind == "country":
                found.setdefault("#country", set()).add(mention.place.place_id)
    return found


def score(
    gold: dict[str, Any], system: dict[str, Any], place_ids: dict[str, set[str]]
) -> dict[str, Any]:
    matches = match_incidents(gold["incidents"], system["incidents"])
    required = [g for g in gold["incidents"] if g.get("required", True)]
    found = [g for g in required if g["incident_id"] in matches]
    by_id = {i["incident_id"]: i for i in system["incidents"]}
    rows = [_compare(g, by_id[matches[g["incident_id"]]]) for g in found]
    facts = [f for g in found for f in _fact_rows(g, by_id[matches[g["incident_id"]]])]
    primary = {
        d["doc_id"]: _gold_name(d.get("primary_incident"), matches) for d in system["documents"]
    }
    return {
        "required_found": len(found),
        "required_total": len(required),
        "system_incidents": len(system["incidents"]),
        "field_accuracy": _accuracy(
            rows, ("type", "date", "place", "region", "country", "location", "doc_ids")
        ),
        "incidents": rows,
        "fact_status_agreement": _ratio(sum(f["agree"] for f in facts), len(facts)),
        "facts": facts,
        "primary_incidents": primary,
        "actors": _actor_merges(gold.get("actors", []), system["actors"]),
        "places": _place_merges(gold.get("places", []), place_ids),
        "extraction": _extraction_scores(gold, system, matches, place_ids),
    }


def _extraction_scores(
    gold: dict[str, Any],
    system: dict[str, Any],
    matches: dict[str, str],
    place_ids: dict[str, set[str]],
) -> dict[str, dict[str, float | None]]:
    """Precision and recall of actors, places, dates and incidents against the gold lists."""
    required = [g for g in gold["incidents"] if g.get("required", True)]
    return {
        "actors": _actor_pr(gold.get("actors", []), system["actors"]),
        "places (not countries)": _place_pr(gold.get("places", []), place_ids),
        "incident dates": _date_pr(gold["incidents"], system["incidents"], matches),
        "incidents": _pr(
            len(matches),
            len(system["incidents"]),
            sum(g["incident_id"] in matches for g in required),
            len(required),
        ),
    }


def _all_names(entries: list[dict[str, Any]]) -> set[str]:
    return {normalise(n) for e in entries for n in (e["canonical"], *e.get("aliases", []))}


def _actor_pr(gold: list[dict[str, Any]], ours: list[dict[str, Any]]) -> dict[str, float | None]:
    names = _all_names(gold)
    hits = [a for a in ours if {normalise(n) for n in (a["name"], *a["aliases"])} & names]
    merges = _actor_merges(gold, ours)
    return _pr(len(hits), len(ours), sum(a["found"] for a in merges), len(merges))


def _place_pr(
    gold: list[dict[str, Any]], place_ids: dict[str, set[str]]
) -> dict[str, float | None]:
    names = _all_names(gold)
    countries = place_ids.get("#country", set())
    ids = {i for k, v in place_ids.items() if k != "#country" for i in v} - countries
    hit_ids = {i for k, v in place_ids.items() if k in names for i in v}
    merges = _place_merges(gold, place_ids)
    return _pr(len(ids & hit_ids), len(ids), sum(p["found"] for p in merges), len(merges))


def _date_pr(
    gold: list[dict[str, Any]], ours: list[dict[str, Any]], matches: dict[str, str]
) -> dict[str, float | None]:
    dated = {i["incident_id"] for i in ours if i["date"].get("precision") not in (None, "unknown")}
    by_id = {i["incident_id"]: i for i in ours}
    gold_by_id = {g["incident_id"]: g for g in gold}
    right = [
        m
        for g, m in matches.items()
        if m in dated and _date_ok(gold_by_id[g].get("date"), by_id[m]["date"])
    ]
    gold_dated = [g for g in gold if g.get("date") is not None]
    return _pr(len(right), len(dated), len(right), len(gold_dated))


def _pr(true_pos: int, predicted: int, found: int, gold: int) -> dict[str, float | None]:
    return {
        "precision": _ratio(true_pos, predicted),
        "recall": _ratio(found, gold),
        "predicted": predicted,
        "gold": gold,
    }


def _words(text: str) -> set[str]:
    from .extract import load_nlp
    from .extract.details import claim_key

    return set(claim_key(list(load_nlp()(text))).split())


def match_incidents(gold: list[dict[str, Any]], system: list[dict[str, Any]]) -> dict[str, str]:
    """Gold incident id -> system incident id, best pairs first, one-to-one."""
    pairs = []
    for g in gold:
        for s in system:
            value = _pair_score(g, s)
            if value is not None:
                pairs.append((value, g["incident_id"], s["incident_id"]))
    matched: dict[str, str] = {}
    used: set[str] = set()
    for _, g_id, s_id in sorted(pairs, reverse=True):
        if g_id not in matched and s_id not in used:
            matched[g_id] = s_id
            used.add(s_id)
    return matched


def _pair_score(g: dict[str, Any], s: dict[str, Any]) -> float | None:
    if not set(g["doc_ids"]) & set(s["doc_ids"]):
        return None
    same_type = g["event_type"] == s["event_type"] or g["event_type"] in s.get(
        "secondary_event_types", []
    )
    same_date = _date_ok(g.get("date"), s["date"])
    victims = _names_overlap(g.get("victims", []), s["victims"])
    if not same_type and not (same_date and victims):
        return None
    return (
        2.0 * same_type
        + 1.0 * same_date
        + 1.0 * victims
        + 0.1 * len(set(g["doc_ids"]) & set(s["doc_ids"]))
    )


def _date_ok(gold: Any, date: dict[str, Any]) -> bool:
    if gold is None:
        return date.get("value") is None and date.get("precision") in ("unknown", None)
    if isinstance(gold, list):
        earliest, latest = date.get("earliest"), date.get("latest")
        return bool(earliest and latest and gold[0] <= earliest and latest <= gold[1])
    return bool(date.get("value") == gold)


def _names_overlap(gold_names: list[str], entries: list[dict[str, Any]]) -> bool:
    ours = {normalise(e["name"]) for e in entries}
    return any(normalise(n) in ours for n in gold_names)


def _same(a: Any, b: Any) -> bool:
    return normalise(a or "") == normalise(b or "")


def _compare(g: dict[str, Any], s: dict[str, Any]) -> dict[str, Any]:
    loc, gl = s["location"], g.get("location") or {}
    row = {
        "gold": g["incident_id"],
        "system": s["incident_id"],
        "type": g["event_type"] == s["event_type"],
        "date": _date_ok(g.get("date"), s["date"]),
        "place": _same(gl.get("place"), loc.get("place")),
        "region": _same(gl.get("region"), loc.get("region")),
        "country": _same(gl.get("country"), loc.get("country")),
        "doc_ids": set(g["doc_ids"]) == set(s["doc_ids"]),
        "system_type": s["event_type"],
        "system_date": s["date"].get("value"),
        "system_location": [loc.get("place"), loc.get("region"), loc.get("country")],
    }
    row["location"] = row["place"] and row["region"] and row["country"]
    return row


def _fact_rows(g: dict[str, Any], s: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    candidates = [
        (f, _words(f["value"] if f["field"] == "detail" else f"{f['field']} {f['value']}"))
        for f in s["facts"]
    ]
    for fact in g.get("facts", []):
        want = _words(fact["fact"])
        best, best_key = None, (0, 0.0)
        for candidate, words in candidates:
            shared = len(want & words)
            key = (shared, shared / max(1, len(want | words)))
            if key > best_key:
                best, best_key = candidate, key
        ok = best is not None and best_key[0] >= min(FACT_MIN_SHARED, len(want))
        status = best["status"] if ok and best else None
        rows.append(
            {
                "incident": g["incident_id"],
                "fact": fact["fact"],
                "gold": fact["status"],
                "system": status,
                "matched": best["value"] if ok and best else None,
                "agree": status == fact["status"],
            }
        )
    return rows


def _gold_name(system_id: str | None, matches: dict[str, str]) -> str | None:
    for gold_id, matched in matches.items():
        if matched == system_id:
            return gold_id
    return None if system_id is None else f"(unmatched {system_id})"


def _actor_merges(gold: list[dict[str, Any]], system: list[dict[str, Any]]) -> list[dict[str, Any]]:
    index: dict[str, set[str]] = {}
    kinds = {}
    for actor in system:
        kinds[actor["actor_id"]] = actor["kind"]
        for name in (actor["name"], *actor["aliases"]):
            index.setdefault(normalise(name), set()).add(actor["actor_id"])
    rows = []
    for actor in gold:
        names = [actor["canonical"], *actor.get("aliases", [])]
        ids = set().union(*(index.get(normalise(n), set()) for n in names))
        found = [n for n in names if normalise(n) in index]
        rows.append(
            {
                "actor": actor["canonical"],
                "found": bool(ids),
                "names_found": found,
                "one_actor": len(ids) == 1,
                "kind_ok": bool(ids) and all(kinds[i] == actor.get("kind") for i in ids),
            }
        )
    return rows


def _place_merges(
    gold: list[dict[str, Any]], place_ids: dict[str, set[str]]
) -> list[dict[str, Any]]:
    rows = []
    for place in gold:
        names = [place["canonical"], *place.get("aliases", [])]
        seen = [n for n in names if normalise(n) in place_ids]
        ids = set().union(*(place_ids[normalise(n)] for n in seen)) if seen else set()
        rows.append(
            {
                "place": place["canonical"],
                "names_seen": seen,
                "found": bool(ids),
                "one_place": len(ids) == 1,
            }
        )
    return rows


def _accuracy(rows: list[dict[str, Any]], fields: tuple[str, ...]) -> dict[str, float | None]:
    return {f: _ratio(sum(bool(r[f]) for r in rows), len(rows)) for f in fields}


def _ratio(hits: int, total: int) -> float | None:
    return round(hits / total, 3) if total else None


def render(report: dict[str, Any]) -> str:
    return "\n".join([*_render_incidents(report), *_render_names(report)])


def _render_incidents(report: dict[str, Any]) -> list[str]:
    facts = report["facts"]
    lines = [
        f"required gold incidents found: {report['required_found']} of "
        f"{report['required_total']} (system incidents: {report['system_incidents']})",
        "field accuracy on found required incidents: "
        + ", ".join(f"{k} {_pct(v)}" for k, v in report["field_accuracy"].items()),
        f"fact status agreement with gold: {sum(f['agree'] for f in facts)} of "
        f"{len(facts)} ({_pct(report['fact_status_agreement'])})",
    ]
    for row in report["incidents"]:
        marks = " ".join(
            f"{k}={'ok' if row[k] else 'NO'}"
            for k in ("type", "date", "place", "region", "country", "doc_ids")
        )
        lines.append(f"  {row['gold']} -> {row['system']}: {marks}")
    lines += [
        f"  fact [{'ok' if f['agree'] else 'NO'}] {f['fact']!r}: gold {f['gold']},"
        f" system {f['system']}"
        for f in facts
    ]
    lines.append(
        "primary incident per report: "
        + ", ".join(f"{d} -> {g}" for d, g in report["primary_incidents"].items())
    )
    return lines


def _render_names(report: dict[str, Any]) -> list[str]:
    actors, places = report["actors"], report["places"]
    lines = [
        f"gold actors found: {sum(a['found'] for a in actors)} of {len(actors)}; "
        f"all names of one actor merged: {sum(a['one_actor'] for a in actors)}; "
        f"right kind: {sum(a['kind_ok'] for a in actors)}"
    ]
    lines += [
        f"  actor {a['actor']!r}: found names {a['names_found']}, one actor "
        f"{a['one_actor']}, kind ok {a['kind_ok']}"
        for a in actors
        if not a["one_actor"] or not a["kind_ok"]
    ]
    lines.append("extraction precision / recall against the gold lists:")
    lines += [
        f"  {name}: precision {_pct(pr['precision'])} ({pr['predicted']} predicted),"
        f" recall {_pct(pr['recall'])} (of {pr['gold']})"
        for name, pr in report["extraction"].items()
    ]
    lines.append(
        f"gold places seen: {sum(p['found'] for p in places)} of {len(places)}; "
        f"every spelling one place: {sum(p['one_place'] for p in places)}"
    )
    lines += [
        f"  place {p['place']!r}: spellings seen {p['names_seen']}, one place {p['one_place']}"
        for p in places
    ]
    return lines


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.0f}%"
