import datetime

import pytest
from django.core.exceptions import ValidationError

from samverkan.audit.models import AuditEntry
from samverkan.structure import services
from samverkan.structure.models import Body

from . import factories as f

D = datetime.date
pytestmark = pytest.mark.django_db


def test_a_body_cannot_be_dissolved_before_it_was_founded():
    body = f.body(founded_on=D(2020, 1, 1))
    with pytest.raises(ValidationError, match="kan inte avvecklas före det inrättades"):
        services.body_dissolve(body, on=D(2019, 12, 31), decision="Beslut 2019")
    body.refresh_from_db()
    assert body.dissolved_on is None


def test_a_new_body_with_dissolution_before_founding_is_not_saved():
    with pytest.raises(ValidationError) as err:
        f.body(slug="fel", founded_on=D(2020, 1, 1), dissolved_on=D(2010, 1, 1))
    assert "dissolved_on" in err.value.message_dict
    assert not Body.objects.filter(slug="fel").exists()


def test_dissolving_a_body_ends_what_is_still_in_force():
    body = f.body(founded_on=D(2020, 1, 1))
    other = f.body(founded_on=D(2020, 1, 1))
    m = f.membership(body=body, start=D(2021, 1, 1))
    ended_before = f.membership(body=body, start=D(2020, 1, 1), end=D(2020, 12, 31))
    line = f.line(from_body=body, to_body=other)
    services.body_dissolve(body, on=D(2024, 6, 30), decision="Överenskommelse om ny struktur")
    m.refresh_from_db()
    ended_before.refresh_from_db()
    line.refresh_from_db()
    assert m.end == D(2024, 6, 30)
    assert ended_before.end == D(2020, 12, 31)
    assert line.end == D(2024, 6, 30)


def test_a_body_cannot_be_dissolved_twice():
    body = f.body()
    services.body_dissolve(body, on=D(2024, 1, 1), decision="A")
    with pytest.raises(ValidationError, match="redan avvecklat"):
        services.body_dissolve(body, on=D(2025, 1, 1), decision="B")


def test_refounding_a_body_later_than_its_members_started_is_refused():
    body = f.body(founded_on=D(2020, 1, 1))
    f.membership(body=body, start=D(2020, 3, 1))
    body.founded_on = D(2021, 1, 1)
    count = AuditEntry.objects.count()
    with pytest.raises(ValidationError, match="utanför organets livstid"):
        services.body_save(body)
    assert Body.objects.get(pk=body.pk).founded_on == D(2020, 1, 1)
    assert AuditEntry.objects.count() == count
