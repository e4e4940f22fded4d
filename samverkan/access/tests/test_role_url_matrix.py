"""Role × URL matrix: every URL of the site (admin and static files aside), fetched as
every role, GET and, where the view takes it, POST, against the outcome the access
policy gives (samverkan/access/policy.py).

A new URL pattern without a row in ROWS fails `test_every_url_has_a_row` (and a route
that no row's path resolves to, `test_every_route_is_reached_by_a_row`): add a row with
how to build its arguments from the world (world.py) and who is let in.

Outcomes: "allowed" is 200 or a redirect elsewhere than to the login page; "refused" is
403, 404, 405 or a redirect to the login page. Anything else (a 500, a 400) fails."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from samverkan.cases.models import PartyResponse
from samverkan.importer.tests.matrix_data import notice_upload, persons_upload

from .world import (
    ADMIN,
    ANON,
    API_PREFIX,
    ARCHIVIST,
    CHAIR,
    DRAFT_READERS,
    EVERYONE,
    INSIDERS,
    MEMBER,
    MEMBER_OTHER,
    REGISTRARS,
    ROLES,
    SECRETARIAT,
    SECRETARIAT_OTHER,
    SUBSTITUTE,
    World,
    api_headers,
)
from .world import CONFIDENTIAL_READERS as CONFIDENTIAL
from .world import PREPARATION_DRAFTERS as DRAFTERS
from .world import PREPARATION_EDITORS as PREP_EDITORS
from .world import PREPARATION_READERS as PREP_READERS
from .world import PREPARATION_REVIEWERS as REVIEWERS

ALLOWED, REFUSED = "allowed", "refused"
NOBODY: frozenset[str] = frozenset()
# The e-archive and disposal: the archivist (role) and administrators (policy.may_archive).
ARCHIVISTS = frozenset({ADMIN, ARCHIVIST})
# Those the notice of RSR's meetings calls (its chair, member and substitute).
CALLED = frozenset({CHAIR, MEMBER, SUBSTITUTE})

Path = Callable[[World], str]
Data = Callable[[World], dict[str, Any]]


@dataclass(frozen=True)
class Row:
    name: str  # "namespace:name" of the URL pattern
    variant: str
    path: Path
    get: frozenset[str]  # roles let in on GET; everyone else is refused
    post: frozenset[str] | None = None  # roles let in on POST; None: the view takes no POST
    data: Data | None = None  # the POST body


def u(name: str, *args: Callable[[World], object], query: str = "") -> Path:
    def build(w: World) -> str:
        url = reverse(name, args=[a(w) for a in args])
        return f"{url}?{query}" if query else url

    return build


def q(text: str) -> Callable[[World], object]:
    return lambda w: text


# Arguments taken from the world.
rsr_slug = lambda w: w.rsr.slug  # noqa: E731
other_slug = lambda w: w.other.slug  # noqa: E731
member_slug = lambda w: w.persons["member_rsr"].slug  # noqa: E731
party_slug = lambda w: w.party.slug  # noqa: E731
sealed = lambda w: w.sealed.pk  # noqa: E731
draft = lambda w: w.draft.pk  # noqa: E731
other_meeting = lambda w: w.other_meeting.pk  # noqa: E731
prep = lambda w: w.preparation.pk  # noqa: E731
prep_ok = lambda w: w.approved_preparation.pk  # noqa: E731
prep_doc = lambda w: w.preparation.documents.get().document_id  # noqa: E731
# The REST API: every role with an account has a token (world.api_tokens).
TOKENS = EVERYONE - {ANON}
api_rsr = lambda w: w.rsr.pk  # noqa: E731
api_open_item = lambda w: w.open_item.pk  # noqa: E731
api_closed_item = lambda w: w.closed_item.pk  # noqa: E731
api_public_doc = lambda w: w.public_document.pk  # noqa: E731
api_secret_doc = lambda w: w.confidential_document.pk  # noqa: E731
api_recommendation = lambda w: w.recommendation.pk  # noqa: E731


def api_token_pk(w: World) -> int:
    from samverkan.api.models import ApiToken

    return ApiToken.objects.order_by("pk").values_list("pk", flat=True).first() or 0


assignment_open = lambda w: w.followup.open.pk  # noqa: E731
assignment_child = lambda w: w.followup.child.pk  # noqa: E731
assignment_closed = lambda w: w.followup.closed.pk  # noqa: E731
assignment_draft = lambda w: w.followup.draft.pk  # noqa: E731
cost_key = lambda w: w.costs.key.pk  # noqa: E731
disposal_run = lambda w: w.retention.run.pk  # noqa: E731
archive_job = lambda w: w.archive_job.pk  # noqa: E731
cost_year = lambda w: w.costs.item.year  # noqa: E731
cost_item = lambda w: w.costs.item.pk  # noqa: E731
cost_allocation = lambda w: w.costs.allocation.pk  # noqa: E731
collaboration = lambda w: w.rsr.collaboration_id  # noqa: E731
open_item = lambda w: w.open_item.pk  # noqa: E731
closed_item = lambda w: w.closed_item.pk  # noqa: E731
case_pk = lambda w: w.case.pk  # noqa: E731
public_doc = lambda w: w.public_document.pk  # noqa: E731
secret_doc = lambda w: w.confidential_document.pk  # noqa: E731
OPARL_LISTS = (
    "organization",
    "person",
    "membership",
    "meeting",
    "agendaitem",
    "paper",
    "consultation",
    "file",
    "legislativeterm",
    "location",
)
# Shared costs are kept by the collaboration's secretariat (a secretary of any of its bodies).
COST_KEEPERS = SECRETARIAT | SECRETARIAT_OTHER


def extract(section: str) -> Path:
    def build(w: World) -> str:
        s = getattr(w, section)
        return f"{reverse('meetings:extract_pdf', args=[s.meeting_id])}?p={s.number}"

    return build


def _case_args(w: World) -> list[object]:
    return [w.case.series.code, w.case.number, w.case.year]


_case_arg_builders = (
    lambda w: w.case.series.code,
    lambda w: w.case.number,
    lambda w: w.case.year,
)


def _case_decision(w: World) -> object:
    return w.case.decisions.get().pk


def case_url(w: World) -> str:
    return reverse("cases:case", args=_case_args(w))


def _response_data(w: World) -> dict[str, Any]:
    response = w.recommendation.responses.first()
    assert response is not None
    return {
        "response": response.pk,
        f"r{response.pk}-status": PartyResponse.Status.ADOPTED,
        f"r{response.pk}-decision_reference": "KF 2026-11-01 § 12",
        f"r{response.pk}-decided_on": "2026-11-01",
    }


ROWS: list[Row] = [
    # --- core, structure, accounts ------------------------------------------------------
    Row("core:healthz", "", u("core:healthz"), EVERYONE),
    Row("core:favicon", "", u("core:favicon"), EVERYONE),
    Row("structure:home", "", u("structure:home"), EVERYONE),
    Row("structure:body", "rsr", u("structure:body", rsr_slug), EVERYONE),
    Row("structure:person", "member", u("structure:person", member_slug), EVERYONE),
    Row("structure:parties", "", u("structure:parties"), EVERYONE),
    Row("structure:party", "", u("structure:party", party_slug), EVERYONE),
    Row("structure:logo", "", u("structure:logo"), EVERYONE),
    Row(
        "accounts:login",
        "",
        u("accounts:login"),
        EVERYONE,
        post=EVERYONE,  # a wrong password: the form again
        data=lambda w: {"username": "ingen", "password": "fel-lösen"},
    ),
    Row("accounts:logout", "", u("accounts:logout"), NOBODY, post=EVERYONE, data=lambda w: {}),
    Row(
        "accounts:password_reset",
        "",
        u("accounts:password_reset"),
        EVERYONE,
        post=EVERYONE,
        data=lambda w: {"email": "ingen@exempel.invalid"},
    ),
    Row("accounts:password_reset_done", "", u("accounts:password_reset_done"), EVERYONE),
    Row(
        "accounts:password_reset_confirm",
        "bad-token",
        u("accounts:password_reset_confirm", q("MQ"), q("fel-token")),
        EVERYONE,
        post=EVERYONE,
        data=lambda w: {"new_password1": "x-Lösen-456", "new_password2": "x-Lösen-456"},
    ),
    Row("accounts:password_reset_complete", "", u("accounts:password_reset_complete"), EVERYONE),
    # --- meetings: public pages ---------------------------------------------------------
    Row(
        "meetings:body_meetings",
        "rsr",
        u("meetings:body_meetings", rsr_slug, query="ar=2026"),
        EVERYONE,
        post=SECRETARIAT,
        data=lambda w: {"date": "2026-12-14", "start_time": "10:00", "place": "Regionens hus"},
    ),
    Row("meetings:body_calendar", "rsr", u("meetings:body_calendar", rsr_slug), EVERYONE),
    Row("meetings:plan_pdf", "rsr", u("meetings:plan_pdf", rsr_slug, query="ar=2026"), EVERYONE),
    # Minutes in Word like the PDF: attested minutes for everyone (the public version),
    # the draft for the secretariat and the signatories.
    Row("meetings:minutes_docx", "sealed", u("meetings:minutes_docx", sealed), EVERYONE),
    Row("meetings:minutes_docx", "draft", u("meetings:minutes_docx", draft), DRAFT_READERS),
    Row("meetings:person_calendar", "member", u("meetings:person_calendar", member_slug), EVERYONE),
    Row("meetings:meeting", "sealed", u("meetings:meeting", sealed), EVERYONE),
    Row("meetings:meeting", "draft", u("meetings:meeting", draft), EVERYONE),
    Row("meetings:notice_pdf", "sealed", u("meetings:notice_pdf", sealed), EVERYONE),
    Row("meetings:notice_pdf", "draft", u("meetings:notice_pdf", draft), EVERYONE),
    Row("meetings:notice_docx", "sealed", u("meetings:notice_docx", sealed), EVERYONE),
    # The full bundle of a meeting with closed items is for those inside the meeting.
    Row("meetings:bundle_pdf", "sealed-closed-items", u("meetings:bundle_pdf", sealed), INSIDERS),
    Row("meetings:bundle_pdf", "open-only", u("meetings:bundle_pdf", other_meeting), EVERYONE),
    # Attested minutes are public (the public version); draft minutes are for the
    # secretariat and the signatories.
    Row("meetings:minutes_pdf", "sealed", u("meetings:minutes_pdf", sealed), EVERYONE),
    Row("meetings:minutes_pdf", "draft", u("meetings:minutes_pdf", draft), DRAFT_READERS),
    Row("meetings:extract_pdf", "open-§", extract("open_section"), EVERYONE),
    Row("meetings:extract_pdf", "closed-§", extract("closed_section"), INSIDERS),
    Row("meetings:meeting_calendar", "sealed", u("meetings:meeting_calendar", sealed), EVERYONE),
    Row(
        "meetings:document", "open-item", u("meetings:document", lambda w: w.open_doc.pk), EVERYONE
    ),
    Row(
        "meetings:document",
        "closed-item",
        u("meetings:document", lambda w: w.closed_doc.pk),
        INSIDERS,
    ),
    # Mina sammanträden: every logged-in role; the anonymous visitor is sent to log in.
    Row("meetings:my_meetings", "", u("meetings:my_meetings"), EVERYONE - {ANON}),
    Row("meetings:notice_board", "", u("meetings:notice_board"), EVERYONE),
    Row("meetings:notice_board_rss", "", u("meetings:notice_board_rss"), EVERYONE),
    Row("meetings:notice_board_atom", "", u("meetings:notice_board_atom"), EVERYONE),
    # --- meetings: the secretariat's work -----------------------------------------------
    Row(
        "meetings:agenda",
        "draft",
        u("meetings:agenda", draft),
        SECRETARIAT,
        post=SECRETARIAT,
        data=lambda w: {"title": "Ny punkt om samverkan"},
    ),
    Row(
        "meetings:agenda",
        "other-body",
        u("meetings:agenda", other_meeting),
        SECRETARIAT_OTHER,
        post=SECRETARIAT_OTHER,
        data=lambda w: {"title": "Ny punkt om barn"},
    ),
    Row(
        "meetings:meeting_series",
        "rsr",
        u("meetings:meeting_series", rsr_slug),
        SECRETARIAT,
        post=SECRETARIAT,  # the preview: nothing is created
        data=lambda w: {
            "action": "preview",
            "year": "2027",
            "ordinal": "2",
            "weekday": "0",
            "months_excluded": ["7"],
            "start_time": "13:00",
        },
    ),
    Row(
        "meetings:meeting_series",
        "other-body",
        u("meetings:meeting_series", other_slug),
        SECRETARIAT_OTHER,
        post=SECRETARIAT_OTHER,
        data=lambda w: {"action": "preview"},
    ),
    Row(
        "meetings:meeting_change",
        "draft",
        u("meetings:meeting_change", draft),
        SECRETARIAT,
        post=SECRETARIAT,  # cancelling without the confirmation: the form again
        data=lambda w: {"action": "cancel", "cancel-reason": "Inga ärenden."},
    ),
    Row(
        "meetings:meeting_change",
        "other-body",
        u("meetings:meeting_change", other_meeting),
        SECRETARIAT_OTHER,
        post=SECRETARIAT_OTHER,
        data=lambda w: {"action": "cancel"},
    ),
    Row("meetings:notice_preview", "draft", u("meetings:notice_preview", draft), SECRETARIAT),
    Row(
        "meetings:notice_preview_pdf",
        "members",
        u("meetings:notice_preview_pdf", draft, query="grupp=kallade"),
        SECRETARIAT,
    ),
    Row(
        "meetings:notice_preview_pdf",
        "guests",
        u("meetings:notice_preview_pdf", draft, query="grupp=gaster"),
        SECRETARIAT,
    ),
    Row(
        "meetings:notice_preview",
        "other-body",
        u("meetings:notice_preview", other_meeting),
        SECRETARIAT_OTHER,
    ),
    Row(
        "meetings:others_present",
        "draft",
        u("meetings:others_present", draft),
        NOBODY,
        post=SECRETARIAT,
        data=lambda w: {"action": "others"},
    ),
    Row(
        "meetings:corrections",
        "sealed",
        u("meetings:corrections", sealed),
        SECRETARIAT,
        post=SECRETARIAT,  # an empty proposal: the form again with its messages
        data=lambda w: {},
    ),
    # A correction is read and attested by the minutes' signatories (the chair and the
    # attester, the member) and shown to the secretariat.
    Row(
        "meetings:correction_attest",
        "closed-§",
        u("meetings:correction_attest", lambda w: w.correction.pk),
        DRAFT_READERS,
        post=DRAFT_READERS,
        data=lambda w: {"content_sha256": "0" * 64},
    ),
    # The attested correction, its own PDF beside the sealed minutes: it goes with the
    # closed § it corrects.
    Row(
        "meetings:correction_pdf",
        "closed-§",
        u("meetings:correction_pdf", lambda w: w.correction.pk),
        INSIDERS,
    ),
    Row(
        "meetings:notice_send",
        "draft",
        u("meetings:notice_send", draft),
        NOBODY,
        post=SECRETARIAT,
        data=lambda w: {},
    ),
    Row(
        "meetings:attendance",
        "draft",
        u("meetings:attendance", draft),
        SECRETARIAT,
        post=SECRETARIAT,
        data=lambda w: {},
    ),
    # Anmäl förhinder: only a person called to the meeting, for themself (the draft
    # meeting is held: the service refuses with a message on the meeting page).
    Row(
        "meetings:absence_report",
        "draft",
        u("meetings:absence_report", draft),
        NOBODY,
        post=CALLED,
        data=lambda w: {"note": "Sjuk"},
    ),
    # Calling the next substitute: the body's secretariat.
    Row(
        "meetings:substitute_call",
        "draft",
        u("meetings:substitute_call", draft),
        NOBODY,
        post=SECRETARIAT,
        data=lambda w: {"notice": "1"},
    ),
    # Mötesregler: the body's secretariat keeps its quorum and periods.
    Row(
        "meetings:meeting_rules",
        "rsr",
        u("meetings:meeting_rules", rsr_slug),
        SECRETARIAT,
        post=SECRETARIAT,
        data=lambda w: {
            "quorum_minimum": "",
            "cases_ready_days": "21",
            "notice_days": "7",
            "attestation_days": "14",
            "posting_days": "2",
            "appeal_days": "21",
            "default_place": "Regionens hus",
            "minutes_kept_at": "",
        },
    ),
    Row(
        "meetings:minutes",
        "draft",
        u("meetings:minutes", draft),
        SECRETARIAT,
        post=SECRETARIAT,
        data=lambda w: {"action": "create_sections"},
    ),
    Row(
        "meetings:minutes",
        "sealed",
        u("meetings:minutes", sealed),
        SECRETARIAT,
        post=SECRETARIAT,
        data=lambda w: {"action": "create_sections"},
    ),
    # Attestation: the page shows the draft minutes (for the secretariat and the
    # signatories); only the chair and the chosen attesters can attest (the service
    # refuses anyone else with a message on the same page).
    Row(
        "meetings:attest",
        "draft",
        u("meetings:attest", draft),
        DRAFT_READERS,
        post=DRAFT_READERS,
        data=lambda w: {"confirm": "1", "content_sha256": "0" * 64},
    ),
    # The secretary previews who gets each § (GET, or POST without the confirmation)
    # before confirming the sending.
    Row(
        "meetings:extract_send",
        "sealed",
        u("meetings:extract_send", sealed),
        SECRETARIAT,
        post=SECRETARIAT,
        data=lambda w: {"p": str(w.open_section.number)},
    ),
    Row(
        "meetings:item",
        "closed-sealed",
        u("meetings:item", lambda w: w.closed_item.pk),
        SECRETARIAT,
        post=SECRETARIAT,
        data=lambda w: {"title": "Ändrad rubrik"},
    ),
    Row(
        "meetings:item",
        "closed-draft",
        u("meetings:item", lambda w: w.upcoming_item.pk),
        SECRETARIAT,
        post=SECRETARIAT,
        data=lambda w: {"title": "Ändrad rubrik"},
    ),
    Row(
        "meetings:item_move",
        "draft",
        u("meetings:item_move", lambda w: w.upcoming_item.pk),
        NOBODY,
        post=SECRETARIAT,
        data=lambda w: {"riktning": "upp"},
    ),
    Row(
        "meetings:section",
        "closed-sealed",
        u("meetings:section", lambda w: w.closed_section.pk),
        SECRETARIAT,
        post=SECRETARIAT,
        data=lambda w: {"action": "decision", "title": "Ändrad", "decision": "Ändrat beslut"},
    ),
    Row(
        "meetings:section",
        "draft",
        u("meetings:section", lambda w: w.draft_section.pk),
        SECRETARIAT,
        post=SECRETARIAT,
        data=lambda w: {"action": "decision", "title": "Ändrad", "decision": "Ändrat beslut"},
    ),
    # --- cases and documents ------------------------------------------------------------
    Row(
        "cases:cases",
        "",
        u("cases:cases"),
        EVERYONE,
        post=REGISTRARS,  # registering a case in the series
        data=lambda w: {
            "series": w.series.pk,
            "title": "Nytt ärende om samverkan",
            "registered_on": "2026-11-20",
        },
    ),
    Row(
        "cases:case",
        "",
        case_url,
        EVERYONE,
        post=REGISTRARS,  # registering a document in the case
        data=lambda w: {
            "date": "2026-11-20",
            "direction": "received",
            "description": "Ny skrivelse om samverkan",
        },
    ),
    # The registrar's pages of a case (its series' registrars and administrators).
    Row(
        "cases:case_edit",
        "",
        u("cases:case_edit", *_case_arg_builders),
        REGISTRARS,
        post=REGISTRARS,
        data=lambda w: {"title": w.case.title, "case_type": w.case_type.pk},
    ),
    Row(
        "cases:handling_add",
        "",
        u("cases:handling_add", *_case_arg_builders),
        REGISTRARS,
        post=REGISTRARS,
        data=lambda w: {"body": w.rsr.pk, "kind": "information", "date": "2026-11-20"},
    ),
    Row(
        "cases:decision_add",
        "",
        u("cases:decision_add", *_case_arg_builders),
        REGISTRARS,
        post=REGISTRARS,
        data=lambda w: {"body": w.rsr.pk, "date": "2026-11-20", "text": "Beslut om samverkan."},
    ),
    # From the decision of the closed §: its text is prefilled only for who reads it.
    Row(
        "cases:recommendation_issue",
        "closed-§",
        u("cases:recommendation_issue", *_case_arg_builders, _case_decision),
        REGISTRARS,
        post=REGISTRARS,
        data=lambda w: {
            "title": "Rekommendation om samverkan",
            "text": "Parterna rekommenderas att samverka.",
            "issued_on": "2026-11-20",
            "parties": [w.party.pk],
        },
    ),
    Row(
        "cases:flows",
        "",
        u("cases:flows"),
        REGISTRARS,
        post=REGISTRARS,
        data=lambda w: {"name": "Ny ärendetyp", "series": w.series.pk},
    ),
    Row(
        "cases:flow",
        "",
        u("cases:flow", lambda w: w.case_type.pk),
        REGISTRARS,
        post=REGISTRARS,
        data=lambda w: {
            "name": "Samverkansfråga",
            "series": w.series.pk,
            "steg-TOTAL_FORMS": "1",
            "steg-INITIAL_FORMS": "1",
            "steg-0-body": w.rsr.pk,
            "steg-0-purpose": "Beslut",
            "steg-0-ORDER": "1",
        },
    ),
    Row("cases:party_addresses", "", u("cases:party_addresses"), REGISTRARS),
    Row(
        "cases:party_address",
        "",
        u("cases:party_address", party_slug),
        REGISTRARS,
        post=REGISTRARS,
        data=lambda w: {"email": "registrator@testkommun.invalid"},
    ),
    Row("cases:registry", "", u("cases:registry"), EVERYONE),
    Row("cases:matrix", "", u("cases:matrix"), EVERYONE),
    Row(
        "cases:recommendation",
        "",
        u("cases:recommendation", lambda w: w.recommendation.pk),
        EVERYONE,
        post=REGISTRARS,
        data=_response_data,
    ),
    Row(
        "documents:download",
        "confidential",
        u("documents:download", lambda w: w.confidential_document.pk),
        CONFIDENTIAL,
    ),
    Row(
        "documents:download",
        "public",
        u("documents:download", lambda w: w.public_document.pk),
        EVERYONE,
    ),
    Row(
        "documents:detail",
        "confidential",
        u("documents:detail", lambda w: w.confidential_document.pk),
        CONFIDENTIAL,
        post=REGISTRARS,  # a new version (an empty form comes back with its message)
        data=lambda w: {},
    ),
    Row(
        "documents:detail",
        "public",
        u("documents:detail", lambda w: w.public_document.pk),
        EVERYONE,
        post=REGISTRARS,
        data=lambda w: {},
    ),
    Row(
        "documents:detail",
        "closed-item",
        u("documents:detail", lambda w: w.closed_doc.document_id),
        INSIDERS,
        post=frozenset({ADMIN}),  # its meeting is sealed: only an administrator adds a version
        data=lambda w: {},
    ),
    # --- preparation (beredning) -------------------------------------------------------
    # Never public: the item's author (the official), RSR's secretariat, its named
    # reviewer (the chair) and administrators read it; the rest meet a 404.
    Row("preparation:overview", "", u("preparation:overview"), EVERYONE - {ANON}),
    Row(
        "preparation:create",
        "",
        u("preparation:create"),
        DRAFTERS,
        post=DRAFTERS,  # the other secretary may not choose RSR: the form again
        data=lambda w: {"body": w.rsr.pk, "title": "Nytt ärende", "is_public": "on"},
    ),
    Row("preparation:detail", "closed-submitted", u("preparation:detail", prep), PREP_READERS),
    Row("preparation:detail", "approved", u("preparation:detail", prep_ok), PREP_READERS),
    # While it is reviewed the item is not changed: its editors are sent back to it.
    Row(
        "preparation:edit",
        "closed-submitted",
        u("preparation:edit", prep),
        PREP_EDITORS,
        post=PREP_EDITORS,
        data=lambda w: {"title": "Ändrad rubrik"},
    ),
    Row(
        "preparation:document_add",
        "closed-submitted",
        u("preparation:document_add", prep),
        NOBODY,
        post=PREP_EDITORS,
        data=lambda w: {"title": "Ny handling"},
    ),
    Row(
        "preparation:submit",
        "closed-submitted",
        u("preparation:submit", prep),
        NOBODY,
        post=PREP_EDITORS,
        data=lambda w: {},
    ),
    Row(
        "preparation:review",
        "closed-submitted",
        u("preparation:review", prep),
        NOBODY,
        post=REVIEWERS,
        data=lambda w: {"action": "approve"},
    ),
    Row(
        "preparation:place",
        "approved",
        u("preparation:place", prep_ok),
        NOBODY,
        post=SECRETARIAT,  # a held meeting is no choice: the item again, with a message
        data=lambda w: {"meeting": w.draft.pk},
    ),
    Row("preparation:body", "rsr", u("preparation:body", rsr_slug), PREP_READERS),
    Row(
        "preparation:reviewers",
        "rsr",
        u("preparation:reviewers", rsr_slug),
        SECRETARIAT,
        post=SECRETARIAT,  # the chair is already reviewer: the form again, with a message
        data=lambda w: {"person": w.persons["chair_rsr"].pk},
    ),
    Row(
        "documents:detail",
        "preparation",
        u("documents:detail", prep_doc),
        PREP_READERS,
        post=frozenset({ADMIN}),
        data=lambda w: {},
    ),
    Row("documents:download", "preparation", u("documents:download", prep_doc), PREP_READERS),
    # --- disposal (gallring): the archivist and administrators ----------------------------
    Row(
        "retention:overview",
        "",
        u("retention:overview"),
        ARCHIVISTS,
        post=ARCHIVISTS,
        data=lambda w: {},
    ),
    Row(
        "retention:rule_new",
        "",
        u("retention:rule_new"),
        ARCHIVISTS,
        post=ARCHIVISTS,
        data=lambda w: {},
    ),
    Row(
        "retention:run",
        "",
        u("retention:run", disposal_run),
        ARCHIVISTS,
        post=ARCHIVISTS,  # no decision: the form again, nothing disposed
        data=lambda w: {},
    ),
    Row(
        "retention:classify",
        "confidential",
        u("retention:classify", secret_doc),
        ARCHIVISTS,
        post=ARCHIVISTS,
        data=lambda w: {},
    ),
    # --- e-archive export: the archivist and administrators --------------------------------
    Row(
        "archive:exports",
        "",
        u("archive:exports"),
        ARCHIVISTS,
        post=ARCHIVISTS,  # nothing chosen: the form again, no job run
        data=lambda w: {},
    ),
    # The world has no finished export: 404 for everyone here; an archivist's download of
    # a finished one (and everyone else refused) is in archive/tests/test_archive_pages.py.
    Row("archive:download", "", u("archive:download", archive_job), ARCHIVISTS),
    Row("archive:download", "missing", u("archive:download", q("999999")), NOBODY),
    # --- the meeting in the room: run by the secretariat and the chair (policy.may_run_live),
    # followed from the inside by those who read its closed items, and by everyone on the
    # public web-cast of a meeting open to the public (never a closed item) --------------
    Row("live:index", "", u("live:index"), EVERYONE - {ANON}),
    Row("live:room", "draft", u("live:room", draft), INSIDERS),
    Row("live:room", "sealed", u("live:room", sealed), INSIDERS),
    Row(
        "live:room",
        "other",
        u("live:room", other_meeting),
        SECRETARIAT_OTHER | {MEMBER_OTHER},
    ),
    # An empty action: the page again with a message, nothing changed.
    Row(
        "live:act",
        "draft",
        u("live:act", draft),
        NOBODY,
        post=SECRETARIAT | {CHAIR},
        data=lambda w: {},
    ),
    Row(
        "live:member_act",
        "draft",
        u("live:member_act", draft),
        NOBODY,
        post=INSIDERS,
        data=lambda w: {},
    ),
    Row("live:projector", "draft", u("live:projector", draft), INSIDERS),
    Row("live:webcast", "draft", u("live:webcast", draft), EVERYONE),
    Row("live:webcast", "sealed", u("live:webcast", sealed), NOBODY),  # not open to the public
    # The event stream (live/stream.py) carries only the meeting's number; through the
    # test client (WSGI) it answers the number once and ends, so no row hangs.
    Row("live:events", "draft", u("live:events", draft), EVERYONE),  # open to the public
    Row("live:events", "sealed", u("live:events", sealed), INSIDERS),
    Row(
        "live:events",
        "other",
        u("live:events", other_meeting),
        SECRETARIAT_OTHER | {MEMBER_OTHER},
    ),
    # --- import of notices, minutes and persons: administrators and the secretariat -----
    # (policy.may_use_import); what each may save is asked per body on confirmation.
    Row(
        "importer:upload",
        "",
        u("importer:upload"),
        SECRETARIAT | SECRETARIAT_OTHER,
        post=SECRETARIAT | SECRETARIAT_OTHER,  # the seed notice: on to the preview
        data=notice_upload,
    ),
    # Nothing uploaded in this session: back to the upload form (its content is covered
    # with an upload in importer/tests/test_import_pages.py).
    Row(
        "importer:preview",
        "",
        u("importer:preview"),
        SECRETARIAT | SECRETARIAT_OTHER,
        post=SECRETARIAT | SECRETARIAT_OTHER,
        data=lambda w: {},
    ),
    Row(
        "importer:persons",
        "",
        u("importer:persons"),
        SECRETARIAT | SECRETARIAT_OTHER,
        post=SECRETARIAT | SECRETARIAT_OTHER,  # checked row by row, nothing saved yet
        data=persons_upload,
    ),
    # --- costs: public records; kept by the collaboration's secretariat -------------------
    Row("costs:overview", "", u("costs:overview"), EVERYONE),
    Row("costs:year", "2026", u("costs:year", cost_year), EVERYONE),
    Row(
        "costs:population",
        "",
        u("costs:population"),
        EVERYONE,
        post=COST_KEEPERS,  # nothing filled in: the form again with its messages
        data=lambda w: {},
    ),
    Row("costs:key", "", u("costs:key", cost_key), EVERYONE),
    Row(
        "costs:key_new",
        "",
        u("costs:key_new"),
        COST_KEEPERS,
        post=COST_KEEPERS,  # no name, no components: the form again
        data=lambda w: {"del-TOTAL_FORMS": "1", "del-INITIAL_FORMS": "0"},
    ),
    Row(
        "costs:cost_item_new",
        "",
        u("costs:cost_item_new"),
        COST_KEEPERS,
        post=COST_KEEPERS,
        data=lambda w: {"amount": "-1"},
    ),
    Row(
        "costs:cost_item",
        "",
        u("costs:cost_item", cost_item),
        EVERYONE,
        post=COST_KEEPERS,  # no population figures that day: the form again, nothing saved
        data=lambda w: {"reference_date": "1900-01-01"},
    ),
    Row("costs:allocation", "", u("costs:allocation", cost_allocation), EVERYONE),
    Row("costs:allocation_xlsx", "", u("costs:allocation_xlsx", cost_allocation), EVERYONE),
    Row("costs:allocation_csv", "", u("costs:allocation_csv", cost_allocation), EVERYONE),
    # --- follow-up: as public as the decision an assignment comes from --------------------
    Row("followup:overview", "", u("followup:overview"), EVERYONE),
    Row("followup:structure_report", "", u("followup:structure_report", q("2026")), EVERYONE),
    Row(
        "followup:structure_report_pdf", "", u("followup:structure_report_pdf", q("2026")), EVERYONE
    ),
    Row(
        "followup:structure_report_docx",
        "",
        u("followup:structure_report_docx", q("2026")),
        EVERYONE,
    ),
    Row("followup:dashboard", "", u("followup:dashboard", rsr_slug, query="ar=2026"), EVERYONE),
    Row("followup:body_assignments", "", u("followup:body_assignments", rsr_slug), EVERYONE),
    Row("followup:overdue", "", u("followup:overdue", rsr_slug), EVERYONE),
    Row("followup:body_report", "", u("followup:body_report", rsr_slug, q("2026")), EVERYONE),
    Row(
        "followup:body_report_pdf", "", u("followup:body_report_pdf", rsr_slug, q("2026")), EVERYONE
    ),
    Row(
        "followup:body_report_docx",
        "",
        u("followup:body_report_docx", rsr_slug, q("2026")),
        EVERYONE,
    ),
    Row("followup:assignment", "open", u("followup:assignment", assignment_open), EVERYONE),
    Row("followup:assignment", "closed-§", u("followup:assignment", assignment_closed), INSIDERS),
    Row(
        "followup:assignment", "draft-§", u("followup:assignment", assignment_draft), DRAFT_READERS
    ),
    Row(
        "followup:assignment_edit",
        "open",
        u("followup:assignment_edit", assignment_open),
        SECRETARIAT,
        post=SECRETARIAT,  # no title: the form again with its message
        data=lambda w: {"title": ""},
    ),
    Row(
        "followup:assignment_edit",
        "closed-§",
        u("followup:assignment_edit", assignment_closed),
        SECRETARIAT,
        post=SECRETARIAT,
        data=lambda w: {"title": ""},
    ),
    Row(
        "followup:progress_report",
        "open",
        u("followup:progress_report", assignment_open),
        NOBODY,  # POST only
        post=SECRETARIAT,  # no text: the page again with its message
        data=lambda w: {"date": "2026-11-16", "text": ""},
    ),
    Row(
        "followup:progress_report",
        "child-owned-by-member",
        u("followup:progress_report", assignment_child),
        NOBODY,
        post=SECRETARIAT | {MEMBER},  # the owner person reports too
        data=lambda w: {"date": "2026-11-16", "text": ""},
    ),
    Row(
        "followup:sub_assignment",
        "",
        u("followup:sub_assignment", assignment_open),
        SECRETARIAT,
        post=SECRETARIAT,
        data=lambda w: {"title": ""},
    ),
    Row(
        "followup:assignment_create",
        "open-§",
        u("followup:assignment_create", q("paragraf"), lambda w: w.open_section.pk),
        SECRETARIAT,
        post=SECRETARIAT,
        data=lambda w: {"title": "Nytt", "decided_on": "2026-10-05", "deadline": "2026-10-01"},
    ),
    Row(
        "followup:assignment_create",
        "closed-§",
        u("followup:assignment_create", q("paragraf"), lambda w: w.closed_section.pk),
        SECRETARIAT,
        post=SECRETARIAT,
        data=lambda w: {"title": "Nytt", "decided_on": "2026-10-05", "deadline": "2026-10-01"},
    ),
    Row(
        "followup:assignment_create",
        "recommendation",
        u("followup:assignment_create", q("rekommendation"), lambda w: w.recommendation.pk),
        SECRETARIAT | SECRETARIAT_OTHER,  # issued outside the minutes: any keeper, naming the body
        post=SECRETARIAT | SECRETARIAT_OTHER,
        data=lambda w: {"title": ""},
    ),
    # --- workload: meeting load, structure comparison, fee basis (payroll) --------------
    Row("workload:load", "", u("workload:load"), EVERYONE),
    Row("workload:load", "year", u("workload:load", query="ar=2026"), EVERYONE),
    Row("workload:comparison", "", u("workload:comparison"), EVERYONE),
    Row(
        "workload:comparison",
        "dates",
        u("workload:comparison", query="fran=2025-01-01&till=2026-11-20"),
        EVERYONE,
    ),
    Row(
        "workload:persons",
        "",
        u("workload:persons", query="ar=2026"),
        SECRETARIAT | SECRETARIAT_OTHER,
    ),
    Row(
        "workload:fee_basis",
        "",
        u("workload:fee_basis", query="ar=2026"),
        SECRETARIAT | SECRETARIAT_OTHER,
    ),
    Row(
        "workload:fee_basis",
        "party",
        u("workload:fee_basis", query="ar=2026&part=testkommun"),
        SECRETARIAT | SECRETARIAT_OTHER,
    ),
    Row(
        "workload:fee_basis_xlsx",
        "",
        u("workload:fee_basis_xlsx", query="ar=2026"),
        SECRETARIAT | SECRETARIAT_OTHER,
    ),
    Row(
        "workload:fee_basis_csv",
        "",
        u("workload:fee_basis_csv", query="ar=2026"),
        SECRETARIAT | SECRETARIAT_OTHER,
    ),
    # --- The reading view (läsplattan): anyone signed in; documents per the policy -------
    # (SupportingDocument.visible_to), meetings for those who read their closed items; a
    # note is changed by its author only (the party note's readers included, refused).
    Row("reading:overview", "", u("reading:overview"), EVERYONE - {ANON}),
    Row("reading:meeting", "sealed", u("reading:meeting", sealed), INSIDERS),
    Row("reading:meeting", "draft", u("reading:meeting", draft), INSIDERS),
    Row(
        "reading:meeting",
        "other",
        u("reading:meeting", other_meeting),
        SECRETARIAT_OTHER | {"member_other"},
    ),
    Row(
        "reading:document",
        "open-item",
        u("reading:document", lambda w: w.open_doc.pk),
        EVERYONE - {ANON},
        post=EVERYONE - {ANON},  # no text: the page again with its message, nothing saved
        data=lambda w: {"page": "1", "text": "", "visibility": "private"},
    ),
    Row(
        "reading:document",
        "closed-item",
        u("reading:document", lambda w: w.closed_doc.pk),
        INSIDERS,
        post=INSIDERS,
        data=lambda w: {"page": "1", "text": "", "visibility": "private"},
    ),
    Row(
        "reading:document",
        "upcoming-closed-item",
        u("reading:document", lambda w: w.upcoming_doc.pk),
        INSIDERS,
    ),
    Row(
        "reading:document_file",
        "open-item",
        u("reading:document_file", lambda w: w.open_doc.pk),
        EVERYONE - {ANON},
    ),
    Row(
        "reading:document_file",
        "closed-item",
        u("reading:document_file", lambda w: w.closed_doc.pk),
        INSIDERS,
    ),
    Row(
        "reading:note",
        "private",
        u("reading:note", lambda w: w.reading.private_note.pk),
        frozenset({MEMBER}),
        post=frozenset({MEMBER}),  # no text: the form again, nothing changed
        data=lambda w: {"text": "", "visibility": "private"},
    ),
    Row(
        "reading:note",
        "party",
        u("reading:note", lambda w: w.reading.party_note.pk),
        frozenset({MEMBER}),
        post=frozenset({MEMBER}),
        data=lambda w: {"text": "", "visibility": "party"},
    ),
    Row(
        "reading:watch",
        "",
        u("reading:watch"),
        EVERYONE - {ANON},
        post=EVERYONE - {ANON},  # no word: the form again with its message
        data=lambda w: {"action": "add", "word": ""},
    ),
    Row("reading:offline_manifest", "", u("reading:offline_manifest"), EVERYONE - {ANON}),
    Row("reading:service_worker", "", u("reading:service_worker"), EVERYONE),
    # --- OParl 1.1: public data only, the same JSON for every role ----------------------
    Row("oparl:system", "", u("oparl:system"), EVERYONE),
    Row("oparl:bodies", "", u("oparl:bodies"), EVERYONE),
    Row("oparl:body", "", u("oparl:body", collaboration), EVERYONE),
    *(
        Row("oparl:list", kind, u("oparl:list", collaboration, q(kind)), EVERYONE)
        for kind in OPARL_LISTS
    ),
    *(
        Row(
            "oparl:list",
            f"{kind}-modified-since",
            u(
                "oparl:list",
                collaboration,
                q(kind),
                query="modified_since=2000-01-01T00:00:00%2B01:00",
            ),
            EVERYONE,
        )
        for kind in ("agendaitem", "consultation", "file")
    ),
    Row("oparl:object", "sealed-meeting", u("oparl:object", q("meeting"), sealed), EVERYONE),
    Row("oparl:object", "draft-meeting", u("oparl:object", q("meeting"), draft), EVERYONE),
    Row("oparl:object", "open-item", u("oparl:object", q("agendaitem"), open_item), EVERYONE),
    # A closed item once public: a bare deleted object. A confidential document is never
    # told, not even as deleted.
    Row("oparl:object", "closed-item", u("oparl:object", q("agendaitem"), closed_item), EVERYONE),
    Row("oparl:object", "paper", u("oparl:object", q("paper"), case_pk), EVERYONE),
    Row("oparl:object", "public-file", u("oparl:object", q("file"), public_doc), EVERYONE),
    Row("oparl:object", "confidential-file", u("oparl:object", q("file"), secret_doc), NOBODY),
    Row("oparl:object", "minutes", u("oparl:object", q("protocol"), sealed), EVERYONE),
    Row("oparl:download", "public-file", u("oparl:download", q("file"), public_doc), EVERYONE),
    Row("oparl:download", "confidential-file", u("oparl:download", q("file"), secret_doc), NOBODY),
    Row("oparl:download", "minutes", u("oparl:download", q("protocol"), sealed), EVERYONE),
    # The world's meetings have no notice sent: no invitation File yet.
    Row("oparl:object", "invitation", u("oparl:object", q("invitation"), draft), NOBODY),
    Row("oparl:download", "invitation", u("oparl:download", q("invitation"), draft), NOBODY),
    # --- search -------------------------------------------------------------------------
    Row("search:search", "", u("search:search", query="q=samverkan"), EVERYONE),
    # --- The REST API: a token acts with its account's rights --------------------------
    Row(
        "api:tokens",
        "",
        u("api:tokens"),
        frozenset({ADMIN}),
        post=frozenset({ADMIN}),
        data=lambda w: {},
    ),
    Row(
        "api:token_revoke",
        "",
        u("api:token_revoke", api_token_pk),
        NOBODY,
        post=frozenset({ADMIN}),
        data=lambda w: {},
    ),
    Row("api_v1:openapi-json", "", u("api_v1:openapi-json"), EVERYONE),
    Row("api:docs", "", u("api:docs"), EVERYONE),
    Row(
        "api:webhooks",
        "",
        u("api:webhooks"),
        frozenset({ADMIN}),
        post=frozenset({ADMIN}),
        data=lambda w: {},
    ),
    Row(
        "api:webhook",
        "",
        u("api:webhook", lambda w: w.webhook.pk),
        frozenset({ADMIN}),
        post=frozenset({ADMIN}),
        data=lambda w: {"active": "1"},
    ),
    Row("api_v1:changes", "", u("api_v1:changes"), TOKENS),
    # --- Sign-in through the organisation's identity provider: off unless configured ----
    Row("oidc_authentication_init", "", u("oidc_authentication_init"), NOBODY),
    Row("oidc_authentication_callback", "", u("oidc_authentication_callback"), NOBODY),
    Row("api_v1:api-root", "", u("api_v1:api-root"), NOBODY),
    Row("api_v1:bodies", "", u("api_v1:bodies"), TOKENS),
    Row("api_v1:body", "", u("api_v1:body", api_rsr), TOKENS),
    Row("api_v1:meetings", "", u("api_v1:meetings"), TOKENS),
    Row(
        "api_v1:meeting_create",
        "",
        u("api_v1:meeting_create"),
        TOKENS,  # GET is the list
        post=SECRETARIAT,
        data=lambda w: {"body": w.rsr.pk, "date": "2026-12-15", "start_time": "13:00"},
    ),
    Row("api_v1:meeting", "sealed", u("api_v1:meeting", sealed), TOKENS),
    Row("api_v1:meeting", "draft", u("api_v1:meeting", draft), TOKENS),
    Row("api_v1:minutes", "sealed", u("api_v1:minutes", sealed), TOKENS),
    Row("api_v1:minutes", "draft", u("api_v1:minutes", draft), TOKENS),
    Row("api_v1:agenda_item", "open", u("api_v1:agenda_item", api_open_item), TOKENS),
    Row("api_v1:agenda_item", "closed", u("api_v1:agenda_item", api_closed_item), INSIDERS),
    Row(
        "api_v1:agenda_item_create",
        "",
        u("api_v1:agenda_item_create", draft),
        NOBODY,
        post=SECRETARIAT,
        data=lambda w: {"title": "Ny punkt från sekretariatets verktyg"},
    ),
    Row("api_v1:cases", "", u("api_v1:cases"), TOKENS),
    Row("api_v1:case", "", u("api_v1:case", lambda w: w.case.pk), TOKENS),
    Row("api_v1:case_registry", "", u("api_v1:case_registry", lambda w: w.case.pk), TOKENS),
    Row("api_v1:document", "public", u("api_v1:document", api_public_doc), TOKENS),
    Row(
        "api_v1:document",
        "confidential",
        u("api_v1:document", api_secret_doc),
        CONFIDENTIAL,
    ),
    Row("api_v1:document_file", "public", u("api_v1:document_file", api_public_doc), TOKENS),
    Row(
        "api_v1:document_file",
        "confidential",
        u("api_v1:document_file", api_secret_doc),
        CONFIDENTIAL,
    ),
    Row("api_v1:recommendation", "", u("api_v1:recommendation", api_recommendation), TOKENS),
    Row(
        "api_v1:response_register",
        "",
        u("api_v1:response_register", api_recommendation),
        NOBODY,
        post=REGISTRARS - frozenset({ADMIN}),  # the registrar's token is the party's system
        data=lambda w: {
            "status": "adopted",
            "decision_reference": "KF 2026-11-20 § 7",
            "decided_on": "2026-11-20",
        },
    ),
    # --- publishing: the statement, feeds and e-mail subscriptions (all public) ----------
    Row("publishing:accessibility", "", u("publishing:accessibility"), EVERYONE),
    Row("publishing:meetings_feeds", "", u("publishing:meetings_feeds"), EVERYONE),
    Row("publishing:meetings_rss", "", u("publishing:meetings_rss"), EVERYONE),
    Row("publishing:meetings_atom", "", u("publishing:meetings_atom"), EVERYONE),
    Row("publishing:meetings_ics", "", u("publishing:meetings_ics"), EVERYONE),
    Row(
        "publishing:subscribe",
        "",
        u("publishing:subscribe", query="slag=body&mal=rsr"),
        EVERYONE,
        post=EVERYONE,  # no address: the form again with its message
        data=lambda w: {"kind": "body", "target": "rsr", "email": ""},
    ),
    Row(
        "publishing:confirm",
        "",
        lambda w: reverse("publishing:confirm", args=[w.publishing.confirm_token]),
        EVERYONE,  # the token is the key, no account
        post=EVERYONE,
        data=lambda w: {},
    ),
    Row(
        "publishing:confirm",
        "wrong-token",
        lambda w: reverse("publishing:confirm", args=["fel"]),
        NOBODY,
        post=NOBODY,
        data=lambda w: {},
    ),
    Row(
        "publishing:unsubscribe",
        "",
        lambda w: reverse("publishing:unsubscribe", args=[w.publishing.unsubscribe_token]),
        EVERYONE,
        post=EVERYONE,  # RFC 8058 one-click: no CSRF token, no account
        data=lambda w: {"List-Unsubscribe": "One-Click"},
    ),
    Row(
        "publishing:unsubscribe",
        "wrong-token",
        lambda w: reverse("publishing:unsubscribe", args=["1-fel"]),
        NOBODY,
        post=NOBODY,
        data=lambda w: {},
    ),
]


# --- The URL configuration --------------------------------------------------------------

EXCLUDED_PREFIXES = ("admin/", "static/", "media/")


def url_routes() -> list[tuple[str, str]]:
    """Every URL pattern outside the admin and static files, as (name, route): a name
    may stand for more than one route, and every route needs a row."""
    found: list[tuple[str, str]] = []

    def walk(patterns: list[Any], prefix: str, namespaces: list[str]) -> None:
        for p in patterns:
            route = prefix + str(p.pattern)
            if route.startswith(EXCLUDED_PREFIXES):
                continue
            if isinstance(p, URLResolver):
                if p.namespace == "admin":
                    continue
                walk(p.url_patterns, route, namespaces + ([p.namespace] if p.namespace else []))
            elif isinstance(p, URLPattern):
                name = ":".join([*namespaces, p.name]) if p.name else f"<unnamed {route}>"
                found.append((name, route))

    walk(get_resolver().url_patterns, "", [])
    return found


def url_patterns() -> dict[str, str]:
    """Every named URL pattern outside the admin and static files: name -> route."""
    return dict(url_routes())


ROUTES = sorted({route for _name, route in url_routes()})
PATTERNS = url_patterns()
ROW_NAMES = {row.name for row in ROWS}


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_every_url_has_a_row(name: str) -> None:
    assert name in ROW_NAMES, (
        f"new URL without a row in the matrix: {name} ({PATTERNS[name]!r}); add a Row to "
        "samverkan/access/tests/test_role_url_matrix.py with who may GET/POST it"
    )


def test_every_route_is_reached_by_a_row(world: World, db: None) -> None:
    """A row is named after its URL, but what it fetches is its path: every route of the
    URL configuration must be where some row's path resolves (a second route under a
    name already in the matrix, or a row whose path lands elsewhere, fails here)."""
    reached = {resolve(urlsplit(row.path(world)).path).route for row in ROWS}
    missing = [route for route in ROUTES if route not in reached]
    assert not missing, f"routes no row fetches: {missing}"


def test_every_row_names_a_url() -> None:
    stale = sorted(ROW_NAMES - set(PATTERNS))
    assert not stale, f"rows for URLs that no longer exist: {stale}"


# --- The matrix ---------------------------------------------------------------------------


def outcome(response: Any) -> str:
    status = response.status_code
    if status in (401, 403, 404, 405):  # 401: the API without a token
        return REFUSED
    if status in (301, 302, 303):
        location = urlsplit(response["Location"])
        if location.path == reverse("accounts:login") and "next=" in location.query:
            return REFUSED
        return ALLOWED
    if status in (200, 201):
        return ALLOWED
    return f"unexpected status {status}"


def _cases() -> list[Any]:
    params = []
    for row in ROWS:
        label = f"{row.name}[{row.variant}]" if row.variant else row.name
        for role in ROLES:
            params.append(pytest.param(row, role, "GET", id=f"{label}-{role}-GET"))
            if row.post is not None:
                params.append(pytest.param(row, role, "POST", id=f"{label}-{role}-POST"))
    return params


CASES = _cases()


# A row without POST is fetched by GET only, yet most views answer a POST too (as a GET).
# The public and a member of another body, refused the GET, must be refused the POST.
UNPOSTED = [
    pytest.param(
        row, role, id=f"{row.name}[{row.variant}]-{role}" if row.variant else f"{row.name}-{role}"
    )
    for row in ROWS
    if row.post is None
    for role in (ANON, MEMBER_OTHER)
    if role not in row.get
]


@pytest.mark.parametrize(("row", "role"), UNPOSTED)
def test_a_post_lets_in_no_one_the_get_refuses(
    row: Row, role: str, world: World, db: None, as_role
) -> None:
    client = as_role(role)
    path = row.path(world)
    headers = api_headers(world, role, path)
    if path.startswith(API_PREFIX):
        response = client.post(path, "{}", content_type="application/json", **headers)
    else:
        response = client.post(path, {})
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)
    assert outcome(response) == REFUSED, (
        f"POST {path} as {role}: HTTP {response.status_code}, where the GET is refused"
    )


@pytest.mark.parametrize(("row", "role", "method"), CASES)
def test_role_url_matrix(row: Row, role: str, method: str, world: World, db: None, as_role) -> None:
    client = as_role(role)
    path = row.path(world)
    headers = api_headers(world, role, path)
    if method == "GET":
        response = client.get(path, **headers)
        allowed = row.get
    else:
        assert row.post is not None and row.data is not None
        if path.startswith(API_PREFIX):
            body = json.dumps(row.data(world), default=str)
            response = client.post(path, body, content_type="application/json", **headers)
        else:
            response = client.post(path, row.data(world))
        allowed = row.post
    if getattr(response, "streaming", False):
        # Consume, not close(): an extra close() fires request_finished, which drops the
        # test's database connection on PostgreSQL.
        b"".join(response.streaming_content)
    expected = ALLOWED if role in allowed else REFUSED
    got = outcome(response)
    where = response.get("Location", "")
    assert got == expected, (
        f"{method} {path} as {role}: expected {expected}, got {got} "
        f"(HTTP {response.status_code}{' → ' + where if where else ''})"
    )
