"""`compiled_once`: a query compiled once gives the same rows as the query built afresh,
for any values, and refuses a query whose text would change with them."""

import datetime

import pytest
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from samverkan.statements import Keys, Value, compiled_once
from samverkan.structure.models import Membership
from samverkan.structure.tests import factories as f

pytestmark = pytest.mark.django_db

built: list[tuple[int, int, object]] = []


def _memberships(body: int, after: int, people: object) -> QuerySet:
    built.append((body, after, people))
    return (
        Membership.objects.filter(body_id=body, pk__gt=after, person_id__keys_in=people)
        .select_related("person", "body")
        .order_by("pk")
    )


memberships = compiled_once(_memberships)


@compiled_once
def _names(keys: object) -> QuerySet:
    return Membership.objects.filter(pk__keys_in=keys).order_by("pk").values_list("pk", "person_id")


def test_the_rows_are_those_of_the_query_built_afresh_for_every_value() -> None:
    board, other = f.body(), f.body()
    people = [f.person() for _ in range(5)]
    start = datetime.date(2024, 1, 1)
    rows = [f.membership(person=p, body=board, start=start) for p in people]
    rows += [f.membership(person=p, body=other, start=start) for p in people[:2]]
    memberships.cache_clear()  # type: ignore[attr-defined]
    built.clear()

    cases = [
        (board.pk, 0, {people[0].pk, people[3].pk}),
        (board.pk, rows[1].pk, {p.pk for p in people}),
        (other.pk, 0, {people[1].pk, people[4].pk}),
        (board.pk, rows[4].pk, {people[0].pk}),
    ]
    for body, after, keys in cases:
        got = memberships(body, Value(after), Keys(keys))
        expected = list(_memberships(body, after, keys))
        assert [(m.pk, m.person.name, m.body.pk) for m in got] == [
            (m.pk, m.person.name, m.body.pk) for m in expected
        ]
    # Built once per body (the argument that is not a value), not once per call.
    assert [b[0] for b in built if b[1] < 0] == [board.pk, other.pk]
    assert _names(Keys({rows[2].pk, rows[0].pk, rows[5].pk})) == [
        (rows[0].pk, people[0].pk),
        (rows[2].pk, people[2].pk),
        (rows[5].pk, people[0].pk),
    ]


def test_keys_given_once_fill_every_place_they_go() -> None:
    @compiled_once
    def twice(keys: object) -> QuerySet:
        return Membership.objects.filter(pk__keys_in=keys, person__memberships__pk__keys_in=keys)

    one = f.membership(person=f.person(), body=f.body(), start=datetime.date(2024, 1, 1))
    assert [m.pk for m in twice(Keys(k for k in [one.pk]))] == [one.pk]


def test_no_keys_run_no_statement(django_assert_num_queries: object) -> None:
    f.membership(person=f.person(), body=f.body(), start=datetime.date(2024, 1, 1))
    with django_assert_num_queries(0):  # type: ignore[operator]
        assert _names(Keys(set())) == []


@pytest.mark.parametrize("key", ["1", 1.0, True, None])
def test_keys_and_values_must_be_ints(key: object) -> None:
    with pytest.raises(TypeError):
        _names(Keys({key}))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        memberships(1, Value(key), Keys({1}))  # type: ignore[arg-type]


def test_a_value_written_into_the_text_or_left_out_is_refused() -> None:
    @compiled_once
    def written(n: object) -> QuerySet:
        return Membership.objects.filter(pk__gt=RawSQL(str(n), []))  # noqa: S611 (the point)

    @compiled_once
    def left_out(n: object) -> QuerySet:
        return Membership.objects.all()

    for statement in (written, left_out):
        with pytest.raises(ValueError, match="ändrar frågans text"):
            statement(Value(3))
