"""Search within one collaboration: its own entries and those that belong to none (a
document not yet attached), never another collaboration's, though the two are read
separately on PostgreSQL (one index range each)."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from samverkan.cases.models import CaseSeries
from samverkan.cases.services import case_register
from samverkan.documents.services import document_create
from samverkan.search.models import SearchEntry
from samverkan.search.selectors import search_results
from samverkan.structure.models import Collaboration
from samverkan.structure.tests import factories as f

pytestmark = pytest.mark.django_db


def _case(series: CaseSeries, title: str) -> int:
    case = case_register(series=series, title=title, registered_on=datetime.date(2026, 1, 5))
    return SearchEntry.objects.get(kind=SearchEntry.Kind.CASE, object_id=case.pk).pk


def test_a_collaboration_finds_its_own_and_unattached_entries_newest_first():
    home = f.home_collaboration()
    other = Collaboration.objects.create(name="Annan samverkan", short_name="Annan", slug="annan")
    own = CaseSeries.objects.create(code="A", name="Egen", organisation=f.party())
    theirs = CaseSeries.objects.create(
        code="B", name="Andras", organisation=f.party(), collaboration=other
    )
    older_own = _case(own, "Skolan i länet, äldre")
    document_create(title="Skolan i länet, utan samverkan", data=b"Skolan", filename="s.txt")
    unattached = SearchEntry.objects.get(kind=SearchEntry.Kind.DOCUMENT)
    assert unattached.collaboration_id is None
    _case(theirs, "Skolan i länet, den andra samverkan")
    newer_own = _case(own, "Skolan i länet, nyare")

    result = search_results("skolan", AnonymousUser(), collaboration=home)

    found = [h.entry.pk for h in result.hits]
    assert sorted(found) == sorted([newer_own, unattached.pk, older_own])
    assert found.index(newer_own) < found.index(older_own)  # same rank: the newer first
    assert result.count == 3

    elsewhere = search_results("skolan", AnonymousUser(), collaboration=other)
    assert sorted(h.entry.title for h in elsewhere.hits) == [
        "B/1/2026 Skolan i länet, den andra samverkan",
        "Skolan i länet, utan samverkan",
    ]
