import pytest

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
    services.section_update(sections[4], decision="Beslutet gäller samverkansstrukturen.")
    assert "section" not in kinds(search("beslutet", None))
    meeting.sealed_at = __import__("django.utils.timezone", fromlist=["now"]).now()
    meeting.save()
    assert "section" in kinds(search("beslutet", None))
