"""The breadcrumbs of the preparation pages lead from Beredning through the body to the
page, naming the body once."""

from __future__ import annotations

import re

from django.urls import reverse


def _crumbs(html: str) -> str:
    found = re.search(r'<nav aria-label="Brödsmulor" class="crumbs">(.*?)</nav>', html, re.S)
    assert found, "the page has breadcrumbs"
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


def test_the_bodys_preparation_page_names_the_body_once(client, prep):
    client.force_login(prep.users["secretary"])
    html = client.get(reverse("preparation:body", args=[prep.body.slug])).content.decode()
    assert _crumbs(html) == "Beredning › SR"


def test_the_reviewers_page_leads_back_through_the_bodys_preparation(client, prep):
    client.force_login(prep.users["secretary"])
    html = client.get(reverse("preparation:reviewers", args=[prep.body.slug])).content.decode()
    assert _crumbs(html) == "Beredning › SR › Granskare"
    assert f'href="{reverse("preparation:body", args=[prep.body.slug])}">SR</a>' in html


def test_editing_an_item_shows_its_body_and_title_in_the_breadcrumbs(client, prep):
    draft = prep.draft()
    client.force_login(prep.users["official"])
    html = client.get(reverse("preparation:edit", args=[draft.pk])).content.decode()
    assert _crumbs(html) == "Beredning › SR › Gemensam plan för barns hälsa › Ändra"
