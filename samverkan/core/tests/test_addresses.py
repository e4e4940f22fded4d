"""Addresses filled in from a pattern reversed once are the addresses reverse() gives."""

import pytest
from django.urls import reverse

from samverkan.addresses import Addresses


def _absolute(path: str) -> str:
    return "https://samverkan.example" + path


@pytest.mark.parametrize(
    ("name", "varying", "fixed"),
    [
        ("oparl:object", [7], ("agendaitem",)),
        ("oparl:object", [0], ("file",)),
        ("documents:download", [123456789], ()),
        # A series code with characters reverse() quotes, and keys beside it.
        ("cases:case", ["RS SÖ+1", 41, 2025], ()),
        ("cases:case", ["KS", 1, 2026], ()),
    ],
)
def test_a_filled_address_is_the_one_reverse_gives(name, varying, fixed):
    addresses = Addresses(_absolute)
    for _ in range(2):  # reversed the first time, filled in the second
        assert addresses.fill(name, varying, fixed) == _absolute(
            reverse(name, args=[*fixed, *varying])
        )


@pytest.mark.parametrize(
    ("name", "key", "fixed"),
    [
        ("oparl:object", 7, ("agendaitem",)),
        ("oparl:download", 0, ("file",)),
        ("oparl:body", 42, ()),
    ],
)
def test_an_address_of_one_key_is_the_one_reverse_gives(name, key, fixed):
    addresses = Addresses(_absolute)
    for _ in range(2):
        assert addresses.of_key(name, key, fixed) == _absolute(reverse(name, args=[*fixed, key]))
