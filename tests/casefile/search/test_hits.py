"""Search: folding across scripts, the query language, filters, facets, ranking, snippets."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import casefile
from casefile import errors
from casefile.records.incidents import ActorRole, CasualtyCount, CitationRef
from casefile.search import hits as search
from casefile.search.query import ends_short, parse
from casefile.store import db


@pytest.fixture
def case(cf: casefile.CaseFile) -> dict[str, str]:
    """A few incidents in three scripts; returns their ids by a short name."""
    source = cf.sources.add(name="Asia-Plus", reliability="B").created or ""
    rumour = cf.sources.add(name="Channel X", reliability="E").created or ""
    report = (
        cf.sources.add_report(
            source_id=source, title="Посгоҳи марзӣ", excerpt="Troops repelled the raid near Ишкошим"
        ).created
        or ""
    )
    weak = cf.sources.add_report(source_id=rumour, title="Rumour of a strike").created or ""
    ids = {}
    ids["tajik"] = (
        cf.add_incident(
            title="Ҳамла дар Хоруғ",
            event_date=date(2025, 3, 1),
            narrative="Гурӯҳи мусаллаҳ ба посгоҳ дар ноҳияи Шамсиддин Шоҳин ҳамла кард.",
            location="Хоруғ",
            admin1="GBAO",
            country_code="TJ",
            country="Tajikistan",
            event_type="Battles",
            sub_event_type="Armed clash",
            status="reviewed",
            tags=["border post"],
            actors=[ActorRole(name="Border Troops", role="target")],
            casualties=[CasualtyCount(kind="killed", best=3)],
            citations=[CitationRef(report_id=report, credibility=2)],
        ).created
        or ""
    )
    ids["latin"] = (
        cf.add_incident(
            title="Drone strike on gold mine",
            event_date=date(2025, 6, 10),
            narrative="A drone struck the Chinese-operated mine in Shamsiddin Shohin district.",
            location="Shamsiddin Shohin",
            admin1="Khatlon",
            country_code="TJ",
            country="Tajikistan",
            event_type="Explosions/Remote violence",
            sub_event_type="Air/drone strike",
            tags=["drone", "mining"],
            actors=[ActorRole(name="Unknown armed group")],
            casualties=[CasualtyCount(kind="killed", best=1)],
            citations=[CitationRef(report_id=weak, credibility=5)],
        ).created
        or ""
    )
    ids["afghan"] = (
        cf.add_incident(
            title="Clash at Ishkashim crossing",
            event_date=date(2024, 11, 5),
            narrative="Exchange of fire across the Panj river; no drone was used.",
            location="Ishkashim",
            admin1="Badakhshan",
            country_code="AF",
            country="Afghanistan",
            event_type="Battles",
            sub_event_type="Armed clash",
            tags=["border post", "drone"],
            actors=[ActorRole(name="Border Troops")],
        ).created
        or ""
    )
    return ids


def found(cf: casefile.CaseFile, text: str, **filters: object) -> set[str]:
    return {hit.incident_id for hit in cf.search(text, **filters)}


# --- folding across scripts ------------------------------------------------------------


def test_latin_finds_cyrillic_and_cyrillic_finds_latin(
    cf: casefile.CaseFile, case: dict[str, str]
) -> None:
    both = {case["tajik"], case["latin"]}
    assert found(cf, "Shamsiddin Shohin") == both
    assert found(cf, "Шамсиддин Шоҳин") == both
    assert found(cf, "SHAMSIDDIN shohin") == both


def test_a_tajik_place_is_found_by_its_romanisation(
    cf: casefile.CaseFile, case: dict[str, str]
) -> None:
    assert found(cf, "Khorugh") == {case["tajik"]}
    assert found(cf, "хоруғ") == {case["tajik"]}


def test_alternate_place_names(cf: casefile.CaseFile, case: dict[str, str]) -> None:
    assert found(cf, "Khorog") == {case["tajik"]}  # the Russian spelling of Хоруғ
    assert found(cf, "Хорог") == {case["tajik"]}  # and its Russian Cyrillic


def test_case_and_diacritics_never_matter(cf: casefile.CaseFile, case: dict[str, str]) -> None:
    assert found(cf, "DRÔNE STRÏKE") == found(cf, "drone strike") == {case["latin"]}
    # A romanised š reads as the sh English writes: Šamsiddin is Shamsiddin, not Samsiddin.
    assert found(cf, "ŠAMSIDDIN") == found(cf, "Shamsiddin") == {case["tajik"], case["latin"]}


# --- query language --------------------------------------------------------------------


def test_words_match_as_prefixes_while_typing(cf: casefile.CaseFile, case: dict[str, str]) -> None:
    assert found(cf, "Shams") == {case["tajik"], case["latin"]}
    assert found(cf, "gold min") == {case["latin"]}
    assert found(cf, "gbao OR ishk") == {case["tajik"], case["afghan"]}


def test_words_of_one_or_two_letters_match_whole(
    cf: casefile.CaseFile, case: dict[str, str]
) -> None:
    # A prefix of two letters would match much of the case; the third letter starts it.
    assert found(cf, "gold mi") == set()
    assert found(cf, "sh") == set()
    assert parse("un").match() == '("un")'
    assert parse("kho").match() == '("kho"*)'


def test_a_short_word_being_typed_is_told_apart() -> None:
    assert ends_short("kh") and ends_short("border k") and ends_short('-"ab')
    assert not ends_short("kho") and not ends_short("kh ") and not ends_short('"kh"')
    assert not ends_short("") and not ends_short("中") and not ends_short("— ")


def test_quoted_phrase(cf: casefile.CaseFile, case: dict[str, str]) -> None:
    assert found(cf, '"gold mine"') == {case["latin"]}
    assert found(cf, '"mine gold"') == set()
    assert found(cf, '"shamsiddin shohin"') == {case["tajik"], case["latin"]}


def test_or(cf: casefile.CaseFile, case: dict[str, str]) -> None:
    assert found(cf, "khorugh OR ishkashim") == {case["tajik"], case["afghan"]}
    assert found(cf, "khorugh OR ishkashim clash") == {case["afghan"]}  # (a OR b) AND c


def test_minus_excludes_a_word(cf: casefile.CaseFile, case: dict[str, str]) -> None:
    assert found(cf, "drone") == {case["latin"], case["afghan"]}
    assert found(cf, "drone -panj") == {case["latin"]}
    assert found(cf, '-"gold mine"') == {case["tajik"], case["afghan"]}  # exclusion alone


@pytest.mark.parametrize(
    "text",
    [
        '"',
        "(",
        ")",
        "AND",
        "OR",
        "NOT",
        "NEAR(",
        "*",
        ":",
        "^",
        "-",
        "--",
        '""',
        "",
        "   ",
        "title:drone",
        "drone*",
        "^drone",
        "NEAR(drone mine, 2)",
        "a" * 10_000,
        "-" * 10_000,
        '"unclosed phrase',
        "drone AND",
        "OR OR OR",
        "\x00",
        "ّ",
    ],
)
def test_odd_input_is_searched_or_ignored(
    cf: casefile.CaseFile, case: dict[str, str], text: str
) -> None:
    assert isinstance(cf.search(text), list)
    assert cf.find.count_matches(text) >= 0


def test_blank_text_filters_nothing_but_symbols_alone_find_nothing(
    cf: casefile.CaseFile, case: dict[str, str]
) -> None:
    assert cf.search("")[0].incident_id == case["latin"]  # newest first
    assert found(cf, "  ") == set(case.values())
    for symbols in ("«—»", "🙂🔥", "!!! ???", "-", '""', "OR"):
        assert found(cf, symbols) == set() and cf.find.count_matches(symbols) == 0


def test_operator_words_are_searched_as_words(cf: casefile.CaseFile, case: dict[str, str]) -> None:
    assert found(cf, "drone AND mine") == {case["latin"]}
    assert found(cf, "NEAR(drone") == set()  # "near" is a word, and no drone is near


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=300))
def test_any_query_returns_without_an_exception(cf: casefile.CaseFile, text: str) -> None:
    cf.search(text, limit=5)
    cf.find.count_matches(text)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.lists(
        st.sampled_from(
            [
                '"',
                "-",
                "OR",
                "AND",
                "NEAR(",
                "*",
                ":",
                "^",
                "(",
                ")",
                "drone",
                "Хоруғ",
                " ",
                "霍",
                "x-",
                "'",
            ]
        ),
        max_size=30,
    ).map("".join)
)
def test_any_mix_of_operators_returns_without_an_exception(
    cf: casefile.CaseFile, text: str
) -> None:
    cf.search(text, limit=5)


# --- ranking and snippets --------------------------------------------------------------


def test_title_outranks_narrative_and_recency_breaks_ties(cf: casefile.CaseFile) -> None:
    in_text = cf.add_incident(
        title="Report", event_date=date(2025, 5, 1), narrative="An ambush on the road"
    ).created
    in_title = cf.add_incident(title="Ambush on the road", event_date=date(2025, 1, 1)).created
    old = cf.add_incident(title="Same words", event_date=date(2020, 1, 1)).created
    new = cf.add_incident(title="Same words", event_date=date(2024, 1, 1)).created
    hits = cf.search("ambush")
    assert [h.incident_id for h in hits] == [in_title, in_text]
    assert hits[0].score > hits[1].score
    assert [h.incident_id for h in cf.search("same words")] == [new, old]


def test_snippet_highlights_the_original_words(cf: casefile.CaseFile, case: dict[str, str]) -> None:
    hit = cf.search("shamsiddin")[0]
    assert hit.incident_id == case["latin"]
    assert hit.field == "narrative"
    assert hit.marked_snippet("[", "]").endswith("[Shamsiddin] Shohin district.")
    cyrillic = cf.search("shamsiddin shohin")[1]
    assert "[Шамсиддин] [Шоҳин]" in cyrillic.marked_snippet("[", "]")
    assert set(cyrillic.fields) == {"narrative"}


def test_which_field_matched(cf: casefile.CaseFile, case: dict[str, str]) -> None:
    by_place = cf.search("khatlon")[0]
    assert (by_place.field, by_place.marked_snippet("[", "]")) == (
        "place",
        "Shamsiddin Shohin, [Khatlon], Tajikistan",
    )
    by_actor = cf.search("unknown armed")[0]
    assert by_actor.field == "actors"
    assert by_actor.marked_snippet("[", "]") == "[Unknown] [armed] group"  # its own actors only
    by_tag = cf.search("mining")[0]
    assert (by_tag.field, by_tag.marked_snippet("[", "]")) == ("tags", "drone, [mining]")
    by_report = cf.search("repelled")[0]
    assert (by_report.incident_id, by_report.field) == (case["tajik"], "reports")
    assert by_report.marked_snippet("[", "]") == (
        "Посгоҳи марзӣ — Troops [repelled] the raid near Ишкошим"
    )


def test_a_phrase_matches_the_field_it_stands_in(cf: casefile.CaseFile) -> None:
    created = cf.add_incident(
        title="Armed clash at the bridge",
        event_date=date(2025, 1, 1),
        narrative="An armed group crossed after the clash had ended.",
    ).created
    phrase = cf.search('"armed clash"')[0]
    assert (phrase.incident_id, phrase.fields, phrase.field) == (created, ("title",), "title")
    assert phrase.marked_snippet("[", "]") == "[Armed] [clash] at the bridge"
    words = cf.search("armed clash")[0]
    assert (words.fields, words.field) == (("title", "narrative"), "narrative")


def test_long_narrative_is_cut_around_the_match(cf: casefile.CaseFile) -> None:
    words = " ".join(f"word{n}" for n in range(200))
    cf.add_incident(title="Long", event_date=date(2025, 1, 1), narrative=f"{words} needle {words}")
    hit = cf.search("needle")[0]
    assert hit.snippet.startswith("…") and hit.snippet.endswith("…")
    start, end = hit.highlights[0]
    assert hit.snippet[start:end] == "needle"


def test_offset_pages_through_results(cf: casefile.CaseFile, case: dict[str, str]) -> None:
    everything = [h.incident_id for h in cf.search("", limit=10)]
    assert [h.incident_id for h in cf.search("", limit=2, offset=1)] == everything[1:3]
    assert cf.find.count_matches("") == 3


# --- filters ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"start": date(2025, 1, 1)}, {"tajik", "latin"}),
        ({"end": "2025-03-01"}, {"tajik", "afghan"}),
        ({"start": date(2025, 1, 1), "end": date(2025, 4, 1)}, {"tajik"}),
        ({"event_type": "Battles"}, {"tajik", "afghan"}),
        ({"sub_event_type": "Air/drone strike"}, {"latin"}),
        ({"country": "AF"}, {"afghan"}),
        ({"country": "Tajikistan"}, {"tajik", "latin"}),
        ({"country": ["AF", "TJ"]}, {"tajik", "latin", "afghan"}),
        ({"admin1": "GBAO"}, {"tajik"}),
        ({"actor": "Border Troops"}, {"tajik", "afghan"}),
        ({"min_killed": 2}, {"tajik"}),
        ({"min_killed": 1}, {"tajik", "latin"}),
        ({"reliability": "B"}, {"tajik"}),
        ({"reliability": ["b", "E"]}, {"tajik", "latin"}),
        ({"status": "reviewed"}, {"tajik"}),
        ({"tags": "Border Post"}, {"tajik", "afghan"}),
        ({"tags": ["mining", "border post"]}, {"tajik", "latin", "afghan"}),
        ({"tags": [], "start": None}, {"tajik", "latin", "afghan"}),
    ],
)
def test_each_filter(
    cf: casefile.CaseFile, case: dict[str, str], filters: dict[str, object], expected: set[str]
) -> None:
    assert found(cf, "", **filters) == {case[name] for name in expected}
    assert cf.find.count_matches("", **filters) == len(expected)


def test_filters_combine_with_text(cf: casefile.CaseFile, case: dict[str, str]) -> None:
    assert found(cf, "drone", country="AF") == {case["afghan"]}
    assert found(cf, "drone", country="AF", min_killed=1) == set()
    assert found(cf, "-drone", event_type="Battles") == {case["tajik"]}


def test_the_same_filters_serve_any_text_and_see_every_edit(
    cf: casefile.CaseFile, case: dict[str, str]
) -> None:
    # A search statement is kept for its filters; the text binds afresh each time.
    assert found(cf, "drone", country="TJ") == {case["latin"]}
    assert found(cf, "хоруғ", country="TJ") == {case["tajik"]}
    assert found(cf, "-drone", country="TJ") == {case["tajik"]}
    assert found(cf, "", country="TJ") == {case["tajik"], case["latin"]}
    added = cf.add_incident(
        title="Drone over Khorugh", event_date=date(2025, 7, 1), country_code="TJ"
    ).created
    assert found(cf, "drone", country="TJ") == {case["latin"], added}
    assert cf.find.count_matches("drone", country="TJ") == 2


def test_an_unknown_or_bad_filter_is_a_user_error(cf: casefile.CaseFile) -> None:
    with pytest.raises(errors.Invalid):
        cf.search("x", colour="red")
    with pytest.raises(errors.Invalid):
        cf.search("x", start="yesterday")
    with pytest.raises(errors.Invalid):
        cf.search("x", min_killed="many")


# --- facets ----------------------------------------------------------------------------


def test_facet_counts(cf: casefile.CaseFile, case: dict[str, str]) -> None:
    facets = cf.find.facets("")
    assert facets["event_type"] == [("Battles", 2), ("Explosions/Remote violence", 1)]
    assert facets["country"] == [("TJ", 2), ("AF", 1)]
    assert facets["actor"] == [("Border Troops", 2), ("Unknown armed group", 1)]
    assert facets["reliability"] == [("B", 1), ("E", 1)]
    assert facets["tags"] == [("border post", 2), ("drone", 2), ("mining", 1)]
    assert facets["status"] == [("draft", 2), ("reviewed", 1)]
    assert facets["year"] == [(2025, 2), (2024, 1)]
    assert facets["min_killed"] == [(1, 2)]
    assert facets["admin1"] == [("Badakhshan", 1), ("GBAO", 1), ("Khatlon", 1)]
    assert facets["sub_event_type"] == [("Armed clash", 2), ("Air/drone strike", 1)]


def test_country_codes_have_the_names_the_case_writes(
    cf: casefile.CaseFile, case: dict[str, str]
) -> None:
    names = cf.find.country_names(["TJ", "AF", "TJ", "XX"])
    assert names == {"TJ": "Tajikistan", "AF": "Afghanistan"}


def test_facets_follow_the_text_and_the_other_filters(
    cf: casefile.CaseFile, case: dict[str, str]
) -> None:
    facets = cf.find.facets("drone", country="TJ")
    # Its own filter is left out, so each country says what choosing it would give.
    assert facets["country"] == [("AF", 1), ("TJ", 1)]
    assert facets["event_type"] == [("Explosions/Remote violence", 1)]
    for value, n in facets["tags"]:
        assert cf.find.count_matches("drone", country="TJ", tags=value) == n


def test_each_facet_count_is_what_the_filter_leaves(
    cf: casefile.CaseFile, case: dict[str, str]
) -> None:
    names = {"year": None, "min_killed": "min_killed"}
    for facet, values in cf.find.facets("border OR drone").items():
        for value, n in values:
            if facet == "year":
                filters = {"start": date(value, 1, 1), "end": date(value, 12, 31)}
            else:
                filters = {names.get(facet) or facet: value}
            assert cf.find.count_matches("border OR drone", **filters) == n, (facet, value)


def test_a_facet_count_stops_when_told_and_the_case_reads_on(
    cf: casefile.CaseFile, case: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "_CHECK_EVERY", 1)  # asked at once, however small the case
    asked = []

    def stop() -> bool:
        asked.append(True)
        return len(asked) > 3

    with pytest.raises(errors.Cancelled):
        cf.find.facets("", should_stop=stop)
    stopped_after = len(asked)
    assert cf.find.facets("", should_stop=lambda: False) == cf.find.facets("")
    assert cf.find.count_matches("border") == 2
    assert len(asked) == stopped_after  # the stop check went with the count


# --- saved searches --------------------------------------------------------------------


def test_save_rerun_and_delete_a_search(cf: casefile.CaseFile, case: dict[str, str]) -> None:
    changes = cf.saved_searches.save(
        name="Border", query="border", filters={"start": date(2025, 1, 1)}
    )
    assert changes.tables == {"saved_search"}
    saved = cf.saved_searches.all()
    assert [(s.name, s.query, s.filters) for s in saved] == [
        ("Border", "border", {"start": "2025-01-01"})
    ]
    assert [h.incident_id for h in cf.saved_searches.run("Border")] == [case["tajik"]]
    cf.saved_searches.save(name="Border", query="drone")  # same name: replaced
    assert [s.query for s in cf.saved_searches.all()] == ["drone"]
    cf.saved_searches.delete(saved[0].id)
    assert cf.saved_searches.all() == []
    with pytest.raises(errors.NotFound):
        cf.saved_searches.run("Border")


def test_a_saved_search_needs_a_name_and_sound_filters(cf: casefile.CaseFile) -> None:
    with pytest.raises(errors.Invalid):
        cf.saved_searches.save(name=" ", query="x")
    with pytest.raises(errors.Invalid):
        cf.saved_searches.save(name="x", query="x", filters={"colour": "red"})


# --- source reports ---------------------------------------------------------------------


def test_source_reports_are_searched_across_scripts(
    cf: casefile.CaseFile, case: dict[str, str]
) -> None:
    hits = cf.find.search_reports("posgohi")
    assert [h.title for h in hits] == ["Посгоҳи марзӣ"]
    assert [h.title for h in cf.find.search_reports("ishkoshim")] == ["Посгоҳи марзӣ"]
    assert cf.find.search_reports("") == []


def test_chinese_is_found_and_marked_as_whole_words(cf: casefile.CaseFile) -> None:
    created = cf.add_incident(
        title="Border post",
        event_date=date(2025, 1, 1),
        narrative="霍罗格边境发生冲突，塔什库尔干平静",
    ).created
    hit = cf.search("霍罗格")[0]
    assert hit.incident_id == created
    assert hit.marked_snippet("[", "]").startswith("[霍罗格]边境")
    assert cf.search("霍罗") != []  # two of its characters: a phrase of two syllables
    assert [h.incident_id for h in cf.search("huo luo ge")] == [created]


def test_a_place_found_by_another_name_is_marked(
    cf: casefile.CaseFile, case: dict[str, str]
) -> None:
    hit = cf.search("khorog")[0]
    assert (hit.field, hit.marked_snippet("[", "]")) == ("place", "[Хоруғ], GBAO, Tajikistan")


def test_very_broad_text_comes_newest_first_unranked(
    cf: casefile.CaseFile, case: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    ranked = [h.incident_id for h in cf.search("drone")]
    monkeypatch.setattr(search, "RANK_AT_MOST", 1)
    hits = cf.search("drone")
    assert [h.incident_id for h in hits] == [case["afghan"], case["latin"]]  # entered last first
    assert set(ranked) == {h.incident_id for h in hits}
    assert all(h.score == 0.0 and h.highlights for h in hits)
    assert [h.incident_id for h in cf.search("drone", limit=1, offset=1)] == [case["latin"]]
    assert [h.incident_id for h in cf.search("drone", country="AF")] == [case["afghan"]]
    assert cf.search("-drone") != []


def test_unranked_hits_know_their_fields_too(
    cf: casefile.CaseFile, case: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for text in ("drone", "border", '"border troops"', "khorog"):
        ranked = {h.incident_id: (h.fields, h.field) for h in cf.search(text)}
        monkeypatch.setattr(search, "RANK_AT_MOST", 0)
        assert {h.incident_id: (h.fields, h.field) for h in cf.search(text)} == ranked
        monkeypatch.undo()


def test_only_some_facets(cf: casefile.CaseFile, case: dict[str, str]) -> None:
    assert cf.find.facets("", only=["status", "country"]) == {
        "country": [("TJ", 2), ("AF", 1)],
        "status": [("draft", 2), ("reviewed", 1)],
    }


def test_odd_paging_is_safe(cf: casefile.CaseFile, case: dict[str, str]) -> None:
    assert cf.search("", limit=0) == []
    assert cf.search("", limit=-1) == []
    assert len(cf.search("", offset=-5)) == 3
    assert cf.search("", offset=10) == []


def test_page_rows_are_read_by_position_in_the_order_the_statement_selects():
    names = ("rank", *(column.key for column in search.HIT_COLUMNS))
    assert search._PageRow._fields == names


# --- other spellings of places, from the gazetteer ------------------------------------


@pytest.mark.parametrize(
    ("query", "written"),
    [
        ("Куляб", {"location": "Kulob"}),  # Russian Cyrillic finds the Tajik romanisation
        ("Kulob", {"narrative": "Обстрел у Куляба прекратился. Куляб"}),
        ("تالقان", {"title": "Clashes in Taloqan"}),  # Dari finds the title's Latin
        ("Taloqan", {"narrative": "درگیری در تالقان"}),
        ("تاجیکستان", {"country": "Tajikistan"}),  # Tajikistan written in Dari
    ],
)
def test_a_place_is_found_in_any_spelling(
    cf: casefile.CaseFile, query: str, written: dict[str, str]
) -> None:
    fields = {"title": "Incident", "event_date": date(2025, 1, 1), **written}
    wanted = cf.add_incident(**fields).created  # type: ignore[arg-type]
    cf.add_incident(title="Elsewhere", event_date=date(2025, 1, 2), location="Dushanbe")
    assert found(cf, query) == {wanted}


def test_an_excluded_place_is_excluded_in_every_spelling(cf: casefile.CaseFile) -> None:
    cf.add_incident(title="Shelling", event_date=date(2025, 1, 1), location="Kulob")
    other = cf.add_incident(title="Shelling", event_date=date(2025, 1, 2), location="Dushanbe")
    assert found(cf, "shelling -Куляб") == {other.created}
