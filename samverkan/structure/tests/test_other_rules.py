import datetime

import pytest
from django.core.exceptions import ValidationError

from samverkan.structure import services
from samverkan.structure.models import Participation, ReportingLine, Term

from . import factories as f

D = datetime.date


@pytest.mark.parametrize("value", ["", "212000-2627", "232100-0016"])
def test_valid_organisation_numbers_pass(value):
    services.org_number_validate(value)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2120002627", "NNNNNN-NNNN"),
        ("212000-2628", "kontrollsiffra"),
        ("191212-1212", "tredje siffra"),
    ],
)
def test_invalid_organisation_numbers_get_a_swedish_message(value, message):
    with pytest.raises(ValidationError, match=message):
        services.org_number_validate(value)


@pytest.mark.django_db
def test_a_body_cannot_report_to_itself():
    body = f.body()
    with pytest.raises(ValidationError, match="till sig självt"):
        f.line(from_body=body, to_body=body)
    assert not ReportingLine.objects.exists()


@pytest.mark.django_db
def test_a_reporting_line_needs_both_bodies_to_exist_in_its_period():
    old = f.body(founded_on=D(2000, 1, 1), dissolved_on=D(2004, 12, 31))
    new = f.body(founded_on=D(2020, 1, 1))
    with pytest.raises(
        ValidationError, match="finns inte samtidigt under rapporteringsvägens period"
    ):
        f.line(from_body=old, to_body=new)


@pytest.mark.django_db
def test_a_term_cannot_end_before_it_starts():
    with pytest.raises(ValidationError, match="Mandatperioden kan inte sluta"):
        services.term_save(Term(name="Fel", start=D(2026, 1, 1), end=D(2023, 1, 1)))
    assert not Term.objects.exists()


@pytest.mark.django_db
def test_a_party_takes_part_in_a_body_once_at_a_time():
    body, party = f.body(), f.party()
    services.participation_save(Participation(body=body, party=party, start=D(2020, 1, 1)))
    with pytest.raises(ValidationError, match="deltar redan"):
        services.participation_save(Participation(body=body, party=party, start=D(2022, 1, 1)))
