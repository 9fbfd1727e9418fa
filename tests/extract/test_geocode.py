"""Geocoding with the report as context, on sentences written for the tests."""

from __future__ import annotations

import datetime as dt

import pytest

from khronika.corroborate import location_field
from khronika.domain.gazetteer import Gazetteer, admin2_key
from khronika.extract.mainplace import main_place
from khronika.model import Extraction, Place, Report, ReportMeta
from khronika.pipeline import Pipeline

PUBLISHED = dt.date(2016, 3, 8)


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


def extract(
    pipeline: Pipeline, text: str, url: str | None = None, title: str | None = None
) -> Extraction:
    meta = ReportMeta("geo", url=url, published=PUBLISHED, title=title)
    return pipeline(Report(meta, "0" * 64, text, "text/plain"))


def places(extraction: Extraction) -> dict[str, Place]:
    return {m.span.quote: m.place for m in extraction.places}


def main(extraction: Extraction) -> tuple[str | None, str | None, str | None]:
    mention = main_place(extraction)
    assert mention is not None
    loc = location_field(mention.place, None)
    return loc.place, loc.region, loc.country


def test_demonym_picks_the_small_town_over_a_bigger_namesake(pipeline: Pipeline) -> None:
    x = extract(
        pipeline,
        "Filipino radio host Ramon Dacanay was shot dead in Gloria, Oriental Mindoro, "
        "on Sunday night, his station said.",
    )
    gloria = places(x)["Gloria"]
    assert (gloria.country, gloria.region) == ("Philippines", "Mimaropa")
    assert Gazetteer.default().population(gloria) < 15_000
    assert "Oriental" not in places(x)  # the qualifier is not the region of Morocco
    assert "Ramon Dacanay" in [v.name for e in x.events for v in e.victims]


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("RICHMOND, Calif. (AP) — A teenager was shot on Tuesday near a park.", "California"),
        ("RICHMOND, Va. — A woman was wounded in a shooting in Richmond on Friday.", "Virginia"),
        ("A man was shot dead in Richmond, Calif., late on Monday, police said.", "California"),
        ("Two people were shot in Richmond, VA, on Monday night.", "Virginia"),
    ],
)
def test_richmond_is_resolved_by_its_state(pipeline: Pipeline, text: str, state: str) -> None:
    x = extract(pipeline, text)
    assert main(x) == ("Richmond", state, "United States")


def test_san_jose_in_a_us_text_is_in_california(pipeline: Pipeline) -> None:
    x = extract(
        pipeline,
        "A man was shot in San Jose on Saturday. Officers from Oakland and Sacramento "
        "joined the search, a police spokesman said.",
    )
    assert main(x) == ("San Jose", "California", "United States")


def test_georgia_school_shooting_is_the_us_state(pipeline: Pipeline) -> None:
    x = extract(
        pipeline,
        "Investigators in Atlanta say the Georgia school shooting left two students "
        "wounded. The suspect was arrested in Macon.",
    )
    assert places(x)["Georgia"].kind == "region"
    assert places(x)["Georgia"].country == "United States"


def test_georgia_alone_is_the_country(pipeline: Pipeline) -> None:
    x = extract(pipeline, "A journalist was beaten in Georgia, near the border with Armenia.")
    assert places(x)["Georgia"].kind == "country"


def test_a_town_under_15000_people_with_its_state(pipeline: Pipeline) -> None:
    x = extract(pipeline, "Two men were shot Sunday in Crockett, Texas, police said.")
    crockett = places(x)["Crockett"]
    assert (crockett.region, crockett.country) == ("Texas", "United States")
    assert Gazetteer.default().population(crockett) < 15_000


def test_a_city_before_a_newsroom_word_stays_a_place(pipeline: Pipeline) -> None:
    """A headline run into the text ("... in Minneapolis News ...") is no person's name, so
    the city stays a place everywhere in the report."""
    x = extract(
        pipeline,
        "Man wounded in shooting in Minneapolis News Man wounded in shooting in Minneapolis"
        " A man was wounded in a shooting early Sunday in north Minneapolis, police said.",
    )
    assert main(x) == ("Minneapolis", "Minnesota", "United States")


def test_where_someone_lives_or_was_treated_is_not_where_it_happened(pipeline: Pipeline) -> None:
    x = extract(
        pipeline,
        "A Covington woman is in critical condition after a shooting that deputies have ruled"
        " accidental. It happened right outside of Christiansburg, Va., on Tuesday evening."
        " She was flown to Carilion Roanoke Memorial Hospital in Roanoke.",
    )
    incidental = {m.span.quote: m.incidental for m in x.places}
    assert incidental == {"Covington": True, "Christiansburg": False, "Va.": False, "Roanoke": True}
    assert main(x) == ("Christiansburg", "Virginia", "United States")


def test_the_victims_home_town_is_not_the_events_place(pipeline: Pipeline) -> None:
    x = extract(
        pipeline,
        "GARNER, N.C. -- A girl was shot when three men entered a Garner apartment and opened"
        " fire early Sunday. Jane Doe, 15, of Raleigh, was shot once.",
    )
    assert all(p.place.name != "Raleigh" for e in x.events for p in e.places)
    assert main(x)[0] == "Garner"


def test_a_first_name_that_spells_a_city_stays_a_person(pipeline: Pipeline) -> None:
    x = extract(
        pipeline,
        "Milan Petrovic, a reporter, was attacked outside his home in Nis, Serbia. "
        "Milan said the men threw stones at his car.",
    )
    assert "Milan" not in places(x)
    assert any("Milan Petrovic" in v.name for e in x.events for v in e.victims)


def test_city_region_is_filled_where_the_province_shares_its_name(pipeline: Pipeline) -> None:
    x = extract(pipeline, "A lawyer was detained in Antalya on Wednesday, his family said.")
    antalya = places(x)["Antalya"]
    assert (antalya.kind, antalya.region, antalya.country) == ("city", "Antalya", "Turkey")


def test_a_country_code_domain_is_context(pipeline: Pipeline) -> None:
    text = "A man was stabbed in Richmond on Saturday evening, police said."
    assert places(extract(pipeline, text, "https://news.example.co.uk/a"))["Richmond"].country == (
        "United Kingdom"
    )


def test_admin2_key_drops_affixes() -> None:
    assert admin2_key("Province of Mindoro Oriental") == "mindoro oriental"
    assert admin2_key("Woodruff County") == "woodruff"


def test_us_state_abbreviations() -> None:
    gaz = Gazetteer.default()
    for code, state in [("Calif.", "California"), ("N.C.", "North Carolina"), ("IL", "Illinois")]:
        place = gaz.us_state(code)
        assert place is not None
        assert (place.name, place.country) == (state, "United States")
    assert gaz.us_state("Xy.") is None


def test_a_neighbourhood_is_not_a_namesake_elsewhere(pipeline: Pipeline) -> None:
    x = extract(
        pipeline,
        "A man was shot in Kensington on Sunday night, Philadelphia police said. "
        "He was taken to a hospital in critical condition.",
    )
    assert all(p.country == "United States" for p in places(x).values())
    assert main(x) == ("Philadelphia", "Pennsylvania", "United States")


def test_the_publisher_site_named_after_a_city_is_context(pipeline: Pipeline) -> None:
    text = "A woman was shot in Springfield on Friday night, police said."
    springfield = places(extract(pipeline, text, "https://www.bostonherald.example.com/news"))
    assert springfield["Springfield"].region == "Massachusetts"


def test_a_village_the_gazetteer_does_not_list_is_kept_by_name(pipeline: Pipeline) -> None:
    """Written as a place ("in the village of ..."), in the country the report is about; a
    building or a part of a country is no village."""
    text = (
        "A Slovak journalist was found shot dead at his home in the village of Horna Lehota,"
        " in the Trnava region of Slovakia, police said. His editor was questioned in Prison."
    )
    found = places(extract(pipeline, text))
    village = found["Horna Lehota"]
    assert village.place_id.startswith("unlisted:")
    assert village.kind == "city"
    assert village.country == "Slovakia"
    assert village.lat is None
    assert "Prison" not in found
    assert main(extract(pipeline, text))[0] == "Horna Lehota"


def test_a_city_listed_without_its_region_gets_the_region_named_after_it(
    pipeline: Pipeline,
) -> None:
    text = "The activist was attacked outside her home in Kherson, Ukraine, on Tuesday."
    city = places(extract(pipeline, text))["Kherson"]
    assert (city.kind, city.region, city.country) == ("city", "Kherson", "Ukraine")


def test_places_news_writes_around_people_and_police(pipeline: Pipeline) -> None:
    """ "Reginald Doe, 35, of Montgomery", "North Philadelphia" (a part of a city), "Dayton
    police": places even where the recogniser reads an organisation."""
    text = (
        "Montgomery police are investigating a shooting on Clay Street. The victim, John Doe,"
        " 35, of Montgomery, died in hospital. A second shooting happened in North"
        " Philadelphia."
    )
    found = places(extract(pipeline, text))
    assert found["Montgomery"].kind == "city"
    assert found["Montgomery"].country == "United States"
    assert found["North Philadelphia"].name == "Philadelphia"


def test_an_american_address_is_the_source_of_the_country(pipeline: Pipeline) -> None:
    """No place named, but an address written the American way: the United States, with the
    address as the quote; no address, no country."""
    text = "A man was shot in the 1100 block of East Chelten Avenue on Tuesday, police said."
    (mention,) = extract(pipeline, text).places
    assert mention.place.name == "United States"
    assert mention.span.quote == "the 1100 block of East Chelten Avenue"
    assert not extract(pipeline, "A man was shot on Tuesday, police said.").places


@pytest.mark.parametrize(
    ("url", "title", "city"),
    [
        (None, "Five people shot at apartments - Channel 9 News - Memphis, Tennessee", "Memphis"),
        (None, "Five people shot at apartments | Dayton, OH", "Dayton"),
        ("https://www.nbcphiladelphia.com/news/local/shooting", None, "Philadelphia"),
        (None, "Police: Memphis, Tennessee man shot", "United States"),  # a headline, no site
    ],
)
def test_an_address_alone_is_in_the_city_its_site_is_named_after(
    pipeline: Pipeline, url: str | None, title: str | None, city: str
) -> None:
    """Local news leaves out its own city: an address with no town named is in the city the
    site is named after (by its domain or the end of its page titles), the address the
    source; a day after the street is not part of the address."""
    text = "Five people were shot in the 1400 block of Elm Street Sunday night, police said."
    (mention,) = extract(pipeline, text, url=url, title=title).places
    assert mention.place.name == city
    assert mention.span.quote == "the 1400 block of Elm Street"


@pytest.mark.parametrize(
    ("text", "region"),
    [
        (
            "COLUMBIA — A man was shot on Main Street on Sunday, the Maury County sheriff said.",
            "Tennessee",
        ),
        (
            "COLUMBIA — A man was shot on Main Street on Sunday, the Richland County sheriff said.",
            "South Carolina",
        ),
    ],
)
def test_the_county_a_report_names_picks_the_namesake(
    pipeline: Pipeline, text: str, region: str
) -> None:
    found = places(extract(pipeline, text))
    assert found["COLUMBIA"].region == region
    assert found["COLUMBIA"].country == "United States"


def test_a_neighbourhood_listed_as_a_town_is_placed_in_its_city(pipeline: Pipeline) -> None:
    x = extract(
        pipeline,
        "A man was shot in Portage Park on Sunday night, Chicago police said. "
        "He was taken to a hospital in Portage Park.",
    )
    assert main(x) == ("Chicago", "Illinois", "United States")
    g = Gazetteer.default()
    part, city = places(x)["Portage Park"], places(x)["Chicago"]
    assert g.city_part_of(part, city)
    assert g.contains(city, part)
    assert not g.city_part_of(city, part)


def test_a_street_named_after_a_city_is_not_that_city(pipeline: Pipeline) -> None:
    x = extract(pipeline, "A boy, 15, of Wellington Street in Parma, Ohio, was shot on Monday.")
    assert "Wellington" not in {p.name for p in places(x).values()}
    assert places(x)["Parma"].region == "Ohio"


@pytest.mark.parametrize(
    ("title", "state"),
    [
        ("Teen killed in Columbus shooting - Channel 9 Columbus, GA News", "Georgia"),
        ("Teen killed in Columbus shooting - Channel 9 Columbus, Ohio News", "Ohio"),
    ],
)
def test_the_headline_state_chooses_between_namesakes(
    pipeline: Pipeline, title: str, state: str
) -> None:
    text = "Columbus police say a 17-year-old was shot dead at an apartment complex on Monday."
    assert places(extract(pipeline, text, title=title))["Columbus"].region == state


def test_a_headline_state_does_not_drop_a_small_town_elsewhere(pipeline: Pipeline) -> None:
    """The headline may name the publisher's city, not the report's."""
    text = "A man was shot in Sharon, Pa., on Monday, police said."
    title = "Man shot in Sharon - News 12 Youngstown, Ohio"
    assert main(extract(pipeline, text, title=title))[1:] == ("Pennsylvania", "United States")


@pytest.mark.parametrize(
    ("url", "state"),
    [("https://www.kxyz.com/news/1", "California"), ("https://www.wxyz.com/news/1", "Virginia")],
)
def test_a_call_sign_says_which_side_of_the_mississippi(
    pipeline: Pipeline, url: str, state: str
) -> None:
    """US call signs: K west of the Mississippi, W east of it."""
    text = "Richmond police are investigating a shooting that left a teenager dead on Friday."
    assert places(extract(pipeline, text, url))["Richmond"].region == state


def test_an_unlisted_place_takes_the_region_the_report_is_about(pipeline: Pipeline) -> None:
    x = extract(
        pipeline,
        "Five people were shot in Oakhaven on Wednesday night.",
        title="Volunteers clean up after shooting - Channel 5 Memphis, Tennessee",
    )
    assert main(x) == ("Oakhaven", "Tennessee", "United States")


def test_a_report_naming_only_a_county_is_in_its_state(pipeline: Pipeline) -> None:
    """No town is named, a county is: the state that has a county of that name, chosen by
    the report's context where several states do, with the county's words as the source."""
    text = "A 16-year-old Catoosa County teen was accidentally shot and killed on Monday night."
    x = extract(pipeline, text)
    (mention,) = x.places
    assert (mention.place.name, mention.place.kind, mention.span.quote) == (
        "Georgia",
        "region",
        "Catoosa County",
    )
    clark = "Deputies said a Clark County teen was accidentally shot in the chest on Saturday."
    assert not extract(pipeline, clark).places  # a dozen states have a Clark County
    dayton = extract(pipeline, clark, title="Teen shot in chest | Dayton, OH")
    assert main(dayton) == (None, "Ohio", "United States")
    (county,) = dayton.places
    assert county.county_written == "Clark County"
    assert location_field(county.place, None, county=county.county_written).place == (
        "Clark County"
    )


def test_counties_named_together_say_which_state(pipeline: Pipeline) -> None:
    """Each of these county names is found in several states, but only one state has both;
    it chooses the small Salem over the big ones."""
    text = (
        "A boy died from a gunshot wound on Wednesday in Salem, Pike County, deputies said. "
        "He was taken to a hospital in Ross County."
    )
    assert main(extract(pipeline, text))[1:] == ("Ohio", "United States")


def test_the_publishers_city_does_not_rule_out_a_town_across_the_state_line(
    pipeline: Pipeline,
) -> None:
    """A big city's paper reports from its suburbs in the next state: its city weighs as
    context but does not drop a smaller town the report names."""
    text = "Gary police said a 19-year-old man of Gary was shot in the leg on Friday night."
    found = main(extract(pipeline, text, "https://www.chicagotribune.example.com/news/1"))
    assert found == ("Gary", "Indiana", "United States")


def test_the_headlines_state_rules_out_a_small_namesake_town_in_another_state(
    pipeline: Pipeline,
) -> None:
    """An Ohio paper's township is not the only town of its name the gazetteer lists, a
    village in Maine: with the headline's city in Ohio, the Maine village is left out."""
    text = (
        "WARREN\n\nA man of Howland shot two men on Saturday after a fight at his home, "
        "prosecutors said. The Howland man was arraigned on Monday in Trumbull County court."
    )
    x = extract(pipeline, text, title="Youngstown news, Man charged in Saturday shooting")
    assert main(x) == ("Warren", "Ohio", "United States")
    assert all(m.place.region != "Maine" for m in x.places)


def test_a_county_written_after_a_town_is_its_county_not_a_state(pipeline: Pipeline) -> None:
    """ "Saltsburg, Indiana County" is in Pennsylvania, not in the state of Indiana."""
    text = "A baby was shot in a home just outside Saltsburg, Indiana County, on Friday."
    assert main(extract(pipeline, text)) == ("Saltsburg", "Pennsylvania", "United States")


def test_a_big_citys_name_is_no_evidence_of_its_own_state(pipeline: Pipeline) -> None:
    # the only Warren over 100,000 people is in Michigan; that alone must not outvote the
    # report's other places, which are all in Ohio
    x = extract(
        pipeline,
        "A Warren police officer helped a man who shot himself on Saturday. The man was "
        "flown to a hospital in Youngstown, police in Warren said.",
    )
    assert main(x) == ("Warren", "Ohio", "United States")


def test_a_direction_is_not_a_region(pipeline: Pipeline) -> None:
    x = extract(
        pipeline,
        "A man was shot on the South Side of Chicago on Saturday. Paramedics went to "
        "Northwest 24th Avenue, police said.",
    )
    assert {p.country for p in places(x).values()} == {"United States"}


def test_a_name_written_as_a_neighbourhood_is_part_of_the_city(pipeline: Pipeline) -> None:
    x = extract(
        pipeline,
        "A man was shot dead in the Washington Heights neighborhood early Saturday, "
        "according to Chicago police.",
    )
    assert main(x) == ("Chicago", "Illinois", "United States")


def test_a_towns_name_before_county_is_a_town_of_that_county(pipeline: Pipeline) -> None:
    x = extract(
        pipeline,
        "A woman was shot on Tuesday, the Lubbock County Sheriff's Office said. The man was "
        "arraigned in Trumbull County Common Pleas Court.",
    )
    found = places(x)
    assert (found["Lubbock"].region, found["Lubbock"].country) == ("Texas", "United States")
    assert "Trumbull" not in found  # Trumbull, Connecticut is in no Trumbull County


def test_a_state_an_organisation_is_named_after_places_the_report(pipeline: Pipeline) -> None:
    x = extract(
        pipeline,
        "The Michigan State Police post is investigating an accidental shooting that took "
        "place last Thursday. A 20-year-old woman died.",
    )
    assert main(x) == (None, "Michigan", "United States")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("WARREN\n\nA man shot two men on Saturday, a document released by prosecutors in "
         "Trumbull County says.", ("Warren", "Ohio")),
        ("VASHTI, Texas (AP) — A man has been charged in the fatal shooting of his stepson.",
         ("Vashti", "Texas")),
    ],
)  # fmt: skip
def test_a_dateline_names_the_place(
    pipeline: Pipeline, text: str, expected: tuple[str, str]
) -> None:
    assert main(extract(pipeline, text))[:2] == expected


def test_the_second_half_of_a_double_surname_is_not_a_place(pipeline: Pipeline) -> None:
    x = extract(
        pipeline,
        "Police in Salinas identified the two men killed on Thursday as Jose Luis "
        "Flores-Vargas, 27, and Alejandro Ramirez, 25. Flores-Vargas died at the scene.",
    )
    assert {p.country for p in places(x).values()} == {"United States"}


def test_a_city_written_with_city_after_its_name(pipeline: Pipeline) -> None:
    x = extract(
        pipeline,
        "A 12-year-old boy was accidentally shot in his York City home in the 200 block of "
        "Richland Avenue early this morning, York City police said. He died at a hospital, "
        "according to the York County coroner.",
    )
    assert main(x) == ("York", "Pennsylvania", "United States")


def test_a_town_after_a_street_address_is_a_place_not_a_person(pipeline: Pipeline) -> None:
    """The recogniser takes "Ringgold" for a person's name; after "385 Edgemond Circle in" it
    can only be the town."""
    x = extract(
        pipeline,
        "The call came in at 11:24 p.m. at 385 Edgemond Circle in Ringgold, the sheriff said."
        " A man was shot in the leg in Catoosa County, Georgia.",
    )
    assert main(x) == ("Ringgold", "Georgia", "United States")


def test_a_visitors_home_city_does_not_rule_out_the_town(pipeline: Pipeline) -> None:
    x = extract(
        pipeline,
        "Erie police say a Detroit man who shot himself while running from officers early"
        " today now faces charges. Officers chased him for two blocks near the bayfront.",
    )
    assert main(x) == ("Erie", "Pennsylvania", "United States")


def test_the_hospitals_city_does_not_rule_out_the_town(pipeline: Pipeline) -> None:
    x = extract(
        pipeline,
        "A Silver City man is in critical condition after accidentally shooting himself."
        " Silver City police responded to a home on Tuesday afternoon. He was airlifted to"
        " the El Paso Trauma Center and remains in an El Paso hospital.",
    )
    assert main(x) == ("Silver City", "New Mexico", "United States")


def test_an_organisation_named_like_a_foreign_region_places_nothing(pipeline: Pipeline) -> None:
    text = (
        "A 10-year-old boy who died in an accidental shooting will be laid to rest on"
        " Thursday. The family asks for donations to the Douglas Youth League."
    )
    x = extract(pipeline, text, url="https://www.wtvm.com/story/1/funeral")
    assert all(m.place.country != "Isle of Man" for m in x.places)


def test_a_town_written_with_city_after_its_listed_name(pipeline: Pipeline) -> None:
    x = extract(pipeline, "A child was shot in Suisun City on Sunday night, police said.")
    assert main(x)[0] == "Suisun City"
    assert [m.span.quote for m in x.places] == ["Suisun City"]


def test_a_county_dateline_is_the_county_in_its_state(pipeline: Pipeline) -> None:
    x = extract(
        pipeline,
        "WILKES COUNTY, N.C. -- A two-year-old boy shot himself in the chest on Sunday"
        " evening. The shooting happened on Chuckwood Road in Thurmond, deputies said.",
    )
    county = next(m for m in x.places if m.span.quote == "WILKES COUNTY")
    assert (county.place.name, county.county_written) == ("North Carolina", "Wilkes County")
    assert main(x) == ("Thurmond", "North Carolina", "United States")
    alone = extract(pipeline, "WILKES COUNTY, N.C. -- A boy shot himself on Sunday evening.")
    assert [m.county_written for m in alone.places][:1] == ["Wilkes County"]
    assert main(alone)[1:] == ("North Carolina", "United States")


def headline_towns(x: Extraction) -> set[str]:
    return {m.place.name for m in x.places if m.headline}


def test_the_headlines_town_is_what_the_report_is_about(pipeline: Pipeline) -> None:
    text = (
        "Fourteen people died and many more were hurt. One victim had moved from Tucson,"
        " where he was wounded in a robbery years ago, to Fontana. Another grew up in"
        " Riverside. All of them were at the holiday party in San Bernardino on Wednesday."
    )
    x = extract(pipeline, text, title="San Bernardino shooting victims: who they were")
    assert headline_towns(x) == {"San Bernardino"}
    mention = main_place(x)
    assert mention is not None
    assert mention.place.name == "San Bernardino"
    untitled = extract(pipeline, text, title="The victims: who they were")
    assert headline_towns(untitled) == set()
    other = main_place(untitled)
    assert other is not None
    assert other.place.name != "San Bernardino"
