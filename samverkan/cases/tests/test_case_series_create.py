"""case_series_create: a new number series, with a placeholder registering organisation
when none is named (as an import knows only the series code)."""

import pytest
from django.core.exceptions import ValidationError

from samverkan.cases.services import case_series_create
from samverkan.structure.models import Party
from samverkan.structure.tests import factories as f


@pytest.mark.django_db
def test_without_an_organisation_a_placeholder_party_is_made_once() -> None:
    collaboration = f.home_collaboration()
    first = case_series_create(collaboration=collaboration, code="rs")
    assert (first.code, first.name) == ("RS", "Diarieserie RS")
    assert first.organisation.name == "Registrerande organisation för RS (okänd)"
    first.delete()
    again = case_series_create(collaboration=collaboration, code="RS")
    assert again.organisation == first.organisation
    assert Party.objects.filter(slug="diarieserie-rs").count() == 1


@pytest.mark.django_db
def test_a_named_organisation_is_kept() -> None:
    collaboration = f.home_collaboration()
    party = f.party(collaboration=collaboration)
    series = case_series_create(
        collaboration=collaboration, code="KS", name="Kommunstyrelsen", organisation=party
    )
    assert (series.organisation, series.name) == (party, "Kommunstyrelsen")


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["", "R5", "ABCDEFGHIJKLM", "R S"])
def test_a_bad_code_is_refused_in_swedish(code: str) -> None:
    with pytest.raises(ValidationError, match="versaler"):
        case_series_create(collaboration=f.home_collaboration(), code=code)


@pytest.mark.django_db
def test_a_second_series_with_the_same_code_is_refused() -> None:
    collaboration = f.home_collaboration()
    case_series_create(collaboration=collaboration, code="RS")
    with pytest.raises(ValidationError, match="finns redan"):
        case_series_create(collaboration=collaboration, code="RS")


@pytest.mark.django_db
def test_an_organisation_of_another_collaboration_is_refused() -> None:
    home = f.home_collaboration()  # first: after a flush the first one made is "home"
    other = f.party(collaboration=f.collaboration())
    with pytest.raises(ValidationError, match="annan samverkan"):
        case_series_create(collaboration=home, code="RS", organisation=other)
