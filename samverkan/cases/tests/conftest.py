import pytest

from samverkan.cases.models import CaseSeries
from samverkan.structure.tests import factories as f


@pytest.fixture
def series(db) -> CaseSeries:
    return CaseSeries.objects.create(
        code="TS", name="Testserie", organisation=f.party(name="Testregion")
    )
