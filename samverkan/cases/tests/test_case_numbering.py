import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from samverkan.cases import services
from samverkan.cases.models import Case, CaseSeries

D = datetime.date


MARCH_2025 = D(2025, 3, 1)


def register(series, day=MARCH_2025, **kw):
    return services.case_register(series=series, title="Ett ärende", registered_on=day, **kw)


def test_numbers_run_per_series_and_year(series):
    assert [register(series).case_number for _ in range(3)] == [
        "TS/1/2025",
        "TS/2/2025",
        "TS/3/2025",
    ]
    assert register(series, D(2026, 1, 2)).case_number == "TS/1/2026"


def test_an_existing_number_is_registered_as_it_is_and_skipped_later(series):
    register(series)
    assert register(series, existing_number="TS/3/2025").case_number == "TS/3/2025"
    assert register(series).case_number == "TS/2/2025"
    assert register(series).case_number == "TS/4/2025"


def test_a_duplicate_case_number_is_refused(series):
    register(series, existing_number="TS/418/2025")
    with pytest.raises(ValidationError, match="Diarienumret TS/418/2025 finns redan"):
        register(series, existing_number="TS/418/2025")
    assert Case.objects.count() == 1


@pytest.mark.parametrize("bad", ["418/2025", "TS-418-2025", "TS/418/25", "x"])
def test_a_malformed_case_number_is_refused(series, bad):
    with pytest.raises(ValidationError, match="ska skrivas SERIE/nummer/år"):
        register(series, existing_number=bad)


def test_the_number_must_belong_to_the_series(series):
    with pytest.raises(ValidationError, match="hör inte till serien TS"):
        register(series, existing_number="RS/1/2025")


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="parallella skrivare kräver PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_get_gapless_unique_numbers():
    from samverkan.structure.tests import factories as f

    series = CaseSeries.objects.create(code="PAR", name="Parallell", organisation=f.party())
    writers, per_writer = 8, 5
    barrier = threading.Barrier(writers)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            barrier.wait()
            for _ in range(per_writer):
                register(series)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    numbers = sorted(Case.objects.filter(series=series).values_list("number", flat=True))
    assert numbers == list(range(1, writers * per_writer + 1))
