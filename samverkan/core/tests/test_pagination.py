"""The shared pagination: page numbers, capped counts, links that keep the filters."""

import pytest
from django.db import connection
from django.http import Http404
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from samverkan.pagination import page_number, paginate
from samverkan.structure.models import Party
from samverkan.structure.tests import factories as f


def _request(query: str = ""):
    return RequestFactory().get(f"/lista/?{query}")


@pytest.mark.parametrize(
    ("query", "number"),
    [
        ("", 1),
        ("sida=3", 3),
        ("sida=0", 1),
        ("sida=-2", 1),
        ("sida=abc", 1),
        ("sida=2.5", 1),
        ("sida=%EF%BC%93", 1),  # a full-width digit three
        ("sida=99999999999999999999", 1),
    ],
)
def test_a_page_number_that_is_not_a_positive_whole_number_gives_the_first_page(query, number):
    assert page_number(_request(query)) == number


@pytest.fixture
def parties(db):
    return [f.party() for _ in range(7)]


def _parties():
    return Party.objects.order_by("pk")


def test_pages_split_the_rows_and_count_them(parties):
    page = paginate(_request("sida=2"), _parties(), per_page=3)
    assert [p.pk for p in page.items] == [p.pk for p in parties[3:6]]
    assert (page.count, page.capped, page.num_pages) == (7, False, 3)
    assert (page.start_index, page.end_index) == (4, 6)
    assert page.has_previous and page.has_next


def test_the_count_stops_at_the_cap_and_pages_run_to_it(parties):
    page = paginate(_request(), _parties(), per_page=2, cap=5)
    assert (page.count, page.capped, page.num_pages) == (5, True, 3)
    assert paginate(_request("sida=3"), _parties(), per_page=2, cap=5).items
    with pytest.raises(Http404):
        paginate(_request("sida=4"), _parties(), per_page=2, cap=5)


def test_a_page_beyond_the_last_is_not_found_but_an_empty_list_has_its_first_page(db):
    assert paginate(_request(), Party.objects.none()).items == []
    with pytest.raises(Http404):
        paginate(_request("sida=2"), Party.objects.none())


def test_links_keep_the_filters_and_replace_the_page(parties):
    page = paginate(_request("ar=2025&q=skola+%C3%A5r&sida=2"), _parties(), per_page=3)
    assert page.next_url == "?ar=2025&q=skola+%C3%A5r&sida=3"
    assert page.previous_url == "?ar=2025&q=skola+%C3%A5r"
    assert page.first_url == "?ar=2025&q=skola+%C3%A5r"
    assert page.last_url == "?ar=2025&q=skola+%C3%A5r&sida=3"


def test_a_page_costs_two_queries_however_many_rows(parties):
    with CaptureQueriesContext(connection) as small:
        paginate(_request(), _parties().filter(pk__in=[p.pk for p in parties[:3]]), per_page=2)
    for _ in range(10):
        f.party()
    with CaptureQueriesContext(connection) as large:
        paginate(_request("sida=2"), _parties(), per_page=2)
    assert len(small) == len(large) == 2


def test_the_count_is_written_the_swedish_way(parties):
    page = paginate(_request(), _parties(), per_page=2)
    page.count = 12345
    assert page.count_display == "12\u00a0345"
