"""The notice board's RSS and Atom feeds: the latest N postings, each Atom entry with the
elements RFC 4287 §4.1.2 requires (id, title, updated, and an author), in a constant
number of queries. Read by feedparser as feed readers do (bozo: not well-formed or not
a feed) and checked element by element against the RFC's MUSTs with lxml."""

import datetime

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import etree

from samverkan.meetings import services
from samverkan.meetings.models import Meeting
from samverkan.structure.tests import factories as f

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def post(n: int, start: int = 0) -> list[Meeting]:
    """n meetings whose minutes are on the notice board."""
    body = f.body(name="Regionens samverkansråd")
    posted = []
    for i in range(start, start + n):
        day = datetime.date(2026, 1, 5) + datetime.timedelta(weeks=i)
        m = services.meeting_create(body=body, date=day, start_time=datetime.time(13))
        Meeting.objects.filter(pk=m.pk).update(
            posted_on=day + datetime.timedelta(days=7),
            posting_ends_on=day + datetime.timedelta(days=30),
            appeal_last_day=day + datetime.timedelta(days=28),
            sealed_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(16))),
        )
        posted.append(m)
    return posted


def test_atom_entries_carry_id_title_updated_and_author(client):
    post(3)
    response = client.get("/anslagstavla/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"

    feed = etree.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert len(feed.findall(f"{ATOM}{required}")) == 1, required
    assert feed.find(f"{ATOM}author/{ATOM}name").text
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 3
    for entry in entries:
        for required in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{required}")) == 1, required
        assert entry.find(f"{ATOM}author/{ATOM}name").text == "Regionens samverkansråd"
        assert entry.find(f"{ATOM}link[@rel='alternate']").get("href").startswith("http")
        # RFC 3339 date-times, as §3.3 requires.
        datetime.datetime.fromisoformat(entry.find(f"{ATOM}updated").text)
    ids = [e.find(f"{ATOM}id").text for e in entries]
    assert len(set(ids)) == 3
    assert [e.updated_parsed for e in parsed.entries] == sorted(
        (e.updated_parsed for e in parsed.entries), reverse=True
    )


def test_rss_is_a_valid_rss_2_feed_with_dates_and_authors(client):
    post(2)
    parsed = feedparser.parse(client.get("/anslagstavla/rss/").content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "rss20"
    assert len(parsed.entries) == 2
    assert all(e.published_parsed and e.author == "Regionens samverkansråd" for e in parsed.entries)


def test_feeds_hold_the_latest_postings_only(client, settings):
    settings.SAMVERKAN_FEED_ITEMS = 5
    posted = post(8)
    for url in ("/anslagstavla/atom/", "/anslagstavla/rss/"):
        parsed = feedparser.parse(client.get(url).content)
        assert [e.link.rsplit("/", 2)[-2] for e in parsed.entries] == [
            str(m.pk) for m in reversed(posted[-5:])
        ]


def test_feeds_run_the_same_number_of_queries_for_3_and_30_postings(client):
    post(3)
    urls = ("/anslagstavla/atom/", "/anslagstavla/rss/")
    for url in urls:
        client.get(url)

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        return len(queries)

    few = [count(url) for url in urls]
    post(27, start=3)
    assert [count(url) for url in urls] == few
    assert all(n <= 3 for n in few)
