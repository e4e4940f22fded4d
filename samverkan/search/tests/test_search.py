import pytest

from samverkan.search import backends
from samverkan.search.selectors import search


def kinds(hits):
    return {h.entry.kind for h in hits}


@pytest.mark.parametrize(
    "q", ["samverkansstruktur", "samverkansstrukturen", "Samverkansstrukturer"]
)
def test_swedish_word_forms_find_the_case_its_documents_and_agenda_items(demo, q):
    hits = search(q, None)
    assert {"case", "document", "agenda_item", "entry"} <= kinds(hits)
    assert any(h.entry.title.startswith("RS/418/2025") for h in hits)


def test_snippets_mark_the_hit_and_escape_the_rest(demo):
    hit = next(h for h in search("samverkansstrukturen", None) if h.entry.kind == "agenda_item")
    assert (
        "<mark>samverkansstruktur</mark>" in hit.snippet
        or "<mark>samverkansstrukturen</mark>" in hit.snippet
    )


def test_filters_by_type_body_and_year(demo):
    from samverkan.structure.models import Body

    rsr = Body.objects.get(slug="rsr")
    assert kinds(search("samverkansstruktur", None, kind="document")) == {"document"}
    assert kinds(search("samverkansstruktur", None, body_id=rsr.pk)) == {"agenda_item"}
    assert search("samverkansstruktur", None, year=2017) == []
    assert search("Samverkansrådet", None, year=2017)


def test_minutes_are_found_only_once_attested(demo):
    from samverkan.meetings import services
    from samverkan.meetings.models import Meeting

    meeting = Meeting.objects.get(body__slug="rsr")
    sections = services.sections_create_from_agenda(meeting)
    # The decision's text written straight in (the meeting law's quorum is not this test's).
    from samverkan.meetings.models import Section
    from samverkan.search.indexers import section_index

    Section.objects.filter(pk=sections[4].pk).update(
        decision="Beslutet gäller samverkansstrukturen."
    )
    section_index(Section.objects.get(pk=sections[4].pk))
    assert "section" not in kinds(search("beslutet", None))
    meeting.sealed_at = __import__("django.utils.timezone", fromlist=["now"]).now()
    meeting.save()
    assert "section" in kinds(search("beslutet", None))


# --- Stemmed alike on both databases ------------------------------------------------------

# (what is searched, the form the text holds): definite, plural and genitive forms find
# the base form, and the other way round.
INFLECTED = [
    ("skolan", "skola"),
    ("skolans", "skola"),
    ("skolor", "skola"),
    ("skolornas", "skola"),
    ("skola", "skolan"),
    ("hälsan", "hälsa"),
    ("hälsans", "hälsa"),
    ("ohälsan", "ohälsa"),
    ("folkhälsan", "folkhälsa"),
    ("barnens", "barn"),
    ("barnen", "barn"),
    ("kommunerna", "kommun"),
    ("kommunens", "kommun"),
    ("regionens", "region"),
    ("avtalet", "avtal"),
    ("beslutet", "beslut"),
    ("utredningen", "utredning"),
    ("utredningar", "utredning"),
    ("rapporterna", "rapport"),
    ("ansökan", "ansöka"),
]


@pytest.fixture
def series(db):
    from samverkan.cases.models import CaseSeries
    from samverkan.structure.tests import factories as f

    return CaseSeries.objects.create(code="TS", name="Testserie", organisation=f.party())


def _case(series, title: str, description: str = ""):
    import datetime

    from samverkan.cases import services

    return services.case_register(
        series=series,
        title=title,
        description=description,
        registered_on=datetime.date(2026, 1, 2),
    )


@pytest.mark.parametrize(("searched", "held"), INFLECTED)
def test_an_inflected_form_finds_the_text_that_holds_another(series, searched, held):
    case = _case(series, f"Ärende om {held} i länet")
    _case(series, "Ärende om något helt annat")
    hits = search(searched, None)
    assert [h.entry.object_id for h in hits if h.entry.kind == "case"] == [case.pk]


@pytest.mark.parametrize("word", ["plan", "man", "organ"])
def test_a_word_that_ends_in_an_keeps_it_where_it_is_no_definite_ending(word):
    from samverkan.search.stemming import stem

    assert stem(word) in (word, "org")  # "organ", "organet", "organen" share "org"
    assert stem(f"{word}en") == stem(word)


def test_two_words_find_only_texts_with_both(series):
    both = _case(series, "Skolans hälsa", "Om barnens skolor och deras hälsa")
    _case(series, "Skolans lokaler")
    _case(series, "Hälsan i länet")
    hits = search("skolan hälsan", None)
    assert [h.entry.object_id for h in hits if h.entry.kind == "case"] == [both.pk]


def test_a_common_word_ranks_only_the_newest_candidates_and_counts_to_the_cap(series, monkeypatch):
    from samverkan.search import backends
    from samverkan.search.selectors import search_results

    monkeypatch.setattr(backends, "CANDIDATES", 3)
    made = [_case(series, f"Samverkan nummer {i}") for i in range(5)]
    result = search_results("samverkan", None)
    assert result.count == 3 and result.capped
    newest = {c.pk for c in made[-3:]}
    assert {h.entry.object_id for h in result.hits} == newest


def test_the_search_page_pages_and_keeps_the_filters(client, series, monkeypatch):
    from samverkan.search import views

    monkeypatch.setattr(views, "PER_PAGE", 2)
    for i in range(5):
        _case(series, f"Skolan {i}")
    first = client.get("/sok/?q=skola&typ=case")
    assert first.status_code == 200
    assert first.context["page"].count == 5
    assert len(first.context["hits"]) == 2
    assert "?q=skola&amp;typ=case&amp;sida=2" in first.content.decode()
    third = client.get("/sok/?q=skola&typ=case&sida=3")
    assert len(third.context["hits"]) == 1
    assert client.get("/sok/?q=skola&typ=case&sida=4").status_code == 404
    assert client.get("/sok/?q=skola&typ=case&sida=x").context["page"].number == 1


def test_a_hit_in_the_title_only_does_not_repeat_the_title_as_snippet():
    from samverkan.search.backends import best_snippet
    from samverkan.search.models import SearchEntry

    stems_ = set(backends.stems("skolan"))
    titled = SearchEntry(title="Skolans budget", text="Beslut om fördelning av medel.")
    assert str(best_snippet(titled, stems_)) == "Beslut om fördelning av medel"
    assert str(best_snippet(SearchEntry(title="Skolans budget", text=""), stems_)) == ""
    in_text = SearchEntry(title="Budget", text="Medel till skolan.")
    assert "<mark>skolan</mark>" in best_snippet(in_text, stems_)
