"""Reindexing tells its progress kind by kind and can be run again with the same result."""

import datetime

import pytest
from django.core.management import call_command

from samverkan.cases.models import CaseSeries
from samverkan.cases.services import case_register
from samverkan.search.indexers import reindex_all
from samverkan.search.models import SearchEntry
from samverkan.structure.tests import factories as f


@pytest.mark.django_db
def test_reindex_reports_progress_and_is_safe_to_rerun(capsys):
    series = CaseSeries.objects.create(code="TS", name="Testserie", organisation=f.party())
    for n in range(3):
        case_register(series=series, title=f"Ärende {n}", registered_on=datetime.date(2025, 1, 2))
    seen: list[tuple[str, int, int]] = []
    first = reindex_all(lambda label, done, total: seen.append((label, done, total)))
    assert ("Ärenden", 3, 3) in seen
    entries = SearchEntry.objects.count()
    assert reindex_all() == first
    assert SearchEntry.objects.count() == entries  # replaced, not doubled
    call_command("search_reindex", "--no-progress")
    assert f"Indexerade {first} poster." in capsys.readouterr().out
