"""A client walks the seeds' demo through OParl: every list to its end, every object
(and every embedded object on its own) valid against the OParl 1.1 schemas and the spec
text's extra rules."""

import pytest

from .client import Walker, check_object


@pytest.mark.django_db
def test_a_client_walks_every_list_of_the_demo_and_every_object_validates(demo, client):
    walker = Walker(client)
    lists = walker.walk()
    assert lists["organization"] and lists["meeting"] and lists["paper"] and lists["person"]
    assert all(p["membership"] for p in lists["person"])
    assert not any("email" in p for p in lists["person"])
    # And again as a client catching up on changes since a day.
    changed = walker.walk(query="?modified_since=2000-01-01T00:00:00%2B01:00")
    assert {k: len(v) for k, v in changed.items()} == {k: len(v) for k, v in lists.items()}
    for objects in lists.values():
        for obj in objects[:3]:
            _, fetched = walker.get(obj["id"])
            check_object(fetched)
