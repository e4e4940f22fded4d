"""`keys_in`: the rows whose key, or foreign key, is one of a set of int keys."""

import datetime

import pytest
from django.db.models import QuerySet

from samverkan.structure.models import Membership, Person
from samverkan.structure.tests import factories as f

pytestmark = pytest.mark.django_db


def _keys(qs: QuerySet) -> list[int]:
    return sorted(qs.values_list("pk", flat=True))


def test_keys_in_finds_the_same_rows_as_in_by_key_and_by_foreign_key() -> None:
    people = [f.person() for _ in range(4)]
    board = f.body()
    ones = [f.membership(person=p, body=board, start=datetime.date(2024, 1, 1)) for p in people[:3]]
    chosen = [people[0].pk, people[2].pk, people[2].pk, people[3].pk]

    assert _keys(Person.objects.filter(pk__keys_in=chosen)) == _keys(
        Person.objects.filter(pk__in=chosen)
    )
    assert _keys(Membership.objects.filter(person_id__keys_in=chosen)) == sorted(
        [ones[0].pk, ones[2].pk]
    )
    assert _keys(Membership.objects.filter(person__keys_in=chosen)) == sorted(
        [ones[0].pk, ones[2].pk]
    )


def test_keys_in_with_no_keys_finds_nothing_and_runs_no_query(
    django_assert_num_queries: object,
) -> None:
    f.person()
    with django_assert_num_queries(0):  # type: ignore[operator]
        assert list(Person.objects.filter(pk__keys_in=[])) == []


@pytest.mark.parametrize("key", ["1", 1.0, True, None])
def test_keys_in_takes_int_keys_only(key: object) -> None:
    with pytest.raises(TypeError, match="heltalsnycklar"):
        Person.objects.filter(pk__keys_in=[key])
