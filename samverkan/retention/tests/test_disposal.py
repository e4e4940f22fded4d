"""Disposal by rule: only what a rule allows, in cases closed long enough ago, after an
archivist's confirmation; the run and its lines are kept as the record."""

import datetime
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from samverkan.accounts.models import Role
from samverkan.accounts.services import user_create
from samverkan.cases import services as cases
from samverkan.cases.models import Case, CaseSeries, RegistryEntry
from samverkan.documents.models import Document
from samverkan.documents.services import document_create
from samverkan.retention import rules, selectors, services
from samverkan.retention.models import DisposalLine, DisposalRun, RetentionRule
from samverkan.structure.models import Collaboration
from samverkan.structure.tests import factories as f

D = datetime.date
TODAY = D(2026, 11, 26)


# --- The rule, pure ----------------------------------------------------------------------


def test_a_rule_that_keeps_never_disposes():
    assert rules.disposable_on("keep", None, [D(2000, 1, 1)]) is None


def test_no_rule_never_disposes():
    assert rules.disposable_on(None, None, [D(2000, 1, 1)]) is None


def test_a_document_in_no_case_is_never_disposed():
    assert rules.disposable_on("dispose", 2, []) is None


def test_a_document_in_an_open_case_is_never_disposed_even_if_another_case_closed():
    assert rules.disposable_on("dispose", 2, [D(2010, 1, 1), None]) is None


def test_years_run_from_the_last_closing():
    assert rules.disposable_on("dispose", 2, [D(2020, 3, 1), D(2021, 6, 30)]) == D(2023, 6, 30)


def test_a_leap_day_closing_counts_from_28_february():
    assert rules.disposable_on("dispose", 1, [D(2024, 2, 29)]) == D(2025, 2, 28)


def test_may_dispose_on_the_day_not_before():
    closed = [D(2024, 1, 10)]
    assert not rules.may_dispose("dispose", 1, closed, D(2025, 1, 9))
    assert rules.may_dispose("dispose", 1, closed, D(2025, 1, 10))
    assert not rules.may_dispose("dispose", 1, closed, D(2025, 1, 10), already_disposed=True)


# --- Services ----------------------------------------------------------------------------


@pytest.fixture
def plan(db, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    collaboration = f.home_collaboration()
    series = CaseSeries.objects.create(
        code="TS", name="Testserie", organisation=f.party(name="Testregion")
    )
    temporary = services.retention_rule_create(
        collaboration=collaboration,
        code="2.2",
        name="Inkomna handlingar av tillfällig betydelse",
        action="dispose",
        years=1,
    )
    kept = services.retention_rule_create(
        collaboration=collaboration, code="1.1", name="Protokoll", action="keep"
    )
    archivist = user_create(username="arkivarie", password="x-Lösen-123", roles=[Role.ARCHIVIST])
    return {
        "collaboration": collaboration,
        "series": series,
        "temporary": temporary,
        "kept": kept,
        "archivist": archivist,
    }


def _case(plan, title: str, closed_on: datetime.date | None) -> Case:
    case = cases.case_register(series=plan["series"], title=title, registered_on=D(2023, 1, 2))
    if closed_on:
        cases.case_update(case, title=title, closed_on=closed_on, today=TODAY)
    return case


def _document(plan, case: Case, title: str, rule: RetentionRule | None, **kw) -> Document:
    document = document_create(
        title=title, data=f"Text i {title}".encode(), filename=f"{title}.txt", **kw
    )
    cases.registry_entry_add(
        case,
        date=D(2023, 1, 5),
        direction=RegistryEntry.Direction.RECEIVED,
        description=title,
        document=document,
        confidentiality_ground=kw.get("confidentiality_ground", ""),
    )
    if rule is not None:
        services.document_classify(document, rule)
    return document


def test_a_run_lists_only_what_its_rule_allows(plan):
    closed = _case(plan, "Avslutat ärende", D(2024, 6, 1))
    recent = _case(plan, "Nyss avslutat", D(2026, 10, 1))
    open_ = _case(plan, "Öppet ärende", None)
    due = _document(plan, closed, "Inkommet brev", plan["temporary"])
    _document(plan, closed, "Protokollet", plan["kept"])
    _document(plan, closed, "Utan klass", None)
    _document(plan, recent, "För tidigt", plan["temporary"])
    _document(plan, open_, "I öppet ärende", plan["temporary"])
    both = _document(plan, closed, "I två ärenden", plan["temporary"])
    cases.registry_entry_add(
        open_, date=D(2023, 2, 1), direction="received", description="Samma brev", document=both
    )

    run = services.disposal_run_propose(collaboration=plan["collaboration"], as_of=TODAY)

    assert [line.document_id for line in run.lines.all()] == [due.pk]
    line = run.lines.get()
    assert line.case_numbers == closed.case_number
    assert line.closed_on == D(2024, 6, 1)
    assert line.disposable_on == D(2025, 6, 1)
    assert line.rule_code == "2.2"
    assert line.sha256 == due.current.sha256
    # Nothing is removed by a proposal.
    due.refresh_from_db()
    assert due.disposed_at is None and due.current is not None


def test_confirmation_removes_the_files_and_keeps_the_record(
    plan, django_capture_on_commit_callbacks
):
    closed = _case(plan, "Avslutat ärende", D(2024, 6, 1))
    due = _document(plan, closed, "Inkommet brev", plan["temporary"])
    path = Path(due.current.file.path)
    assert path.exists()
    run = services.disposal_run_propose(collaboration=plan["collaboration"], as_of=TODAY)

    with django_capture_on_commit_callbacks(execute=True):
        services.disposal_run_confirm(run, user=plan["archivist"], note="Enligt plan")

    due.refresh_from_db()
    assert due.disposed_at is not None
    assert "klass 2.2" in due.disposal_note
    assert due.current is None  # nothing to download
    version = due.versions.get()
    assert not version.file and version.text == ""
    assert version.sha256  # the checksum stays: proof of what was disposed of
    assert not path.exists()
    run.refresh_from_db()
    assert run.status == DisposalRun.Status.CONFIRMED and run.decided_by == plan["archivist"]
    # The registry entry and the run's line stay; neither can be removed or changed.
    assert RegistryEntry.objects.filter(document=due).exists()
    line = run.lines.get()
    with pytest.raises(PermissionError):
        run.delete()
    with pytest.raises(PermissionError):
        line.delete()
    with pytest.raises(ValidationError):
        line.title = "Ändrad"
        line.save()
    # A disposed document takes no new version.
    from samverkan.documents.services import document_version_add

    with pytest.raises(ValidationError, match="gallrad"):
        document_version_add(due, data=b"ny text", filename="ny.txt")


def test_only_an_archivist_or_administrator_confirms(plan):
    closed = _case(plan, "Avslutat ärende", D(2024, 6, 1))
    _document(plan, closed, "Inkommet brev", plan["temporary"])
    run = services.disposal_run_propose(collaboration=plan["collaboration"], as_of=TODAY)
    secretary = user_create(username="sekr", password="x-Lösen-123", roles=[Role.SECRETARY])
    with pytest.raises(PermissionDenied):
        services.disposal_run_confirm(run, user=secretary)
    assert Document.objects.filter(disposed_at__isnull=False).count() == 0


def test_a_stale_proposal_is_refused_when_a_case_was_reopened(plan):
    closed = _case(plan, "Avslutat ärende", D(2024, 6, 1))
    due = _document(plan, closed, "Inkommet brev", plan["temporary"])
    run = services.disposal_run_propose(collaboration=plan["collaboration"], as_of=TODAY)
    cases.case_update(closed, title=closed.title, closed_on=None)  # reopened
    with pytest.raises(ValidationError, match="gäller inte längre"):
        services.disposal_run_confirm(run, user=plan["archivist"])
    due.refresh_from_db()
    assert due.disposed_at is None


def test_one_proposal_at_a_time_and_none_in_the_future(plan):
    services.disposal_run_propose(collaboration=plan["collaboration"], as_of=TODAY)
    with pytest.raises(ValidationError, match="väntar på beslut"):
        services.disposal_run_propose(collaboration=plan["collaboration"], as_of=TODAY)
    run = DisposalRun.objects.get()
    services.disposal_run_cancel(run, user=plan["archivist"])
    with pytest.raises(ValidationError, match="framtiden"):
        services.disposal_run_propose(collaboration=plan["collaboration"], as_of=D(2999, 1, 1))


def test_a_rule_that_disposes_says_when(plan):
    with pytest.raises(ValidationError):
        services.retention_rule_create(
            collaboration=plan["collaboration"], code="9", name="X", action="dispose"
        )
    with pytest.raises(ValidationError):
        services.retention_rule_create(
            collaboration=plan["collaboration"], code="9", name="X", action="keep", years=3
        )


def test_disposal_info_for_the_archive(plan):
    closed = _case(plan, "Avslutat ärende", D(2024, 6, 1))
    due = _document(plan, closed, "Inkommet brev", plan["temporary"])
    kept = _document(plan, closed, "Protokollet", plan["kept"])
    loose = _document(plan, closed, "Utan klass", None)
    info = selectors.disposal_info([due, kept, loose])
    assert info[due.pk].disposal_on == D(2025, 6, 1)
    assert info[kept.pk].action == "keep" and info[kept.pk].disposal_on is None
    assert loose.pk not in info


def test_a_case_closes_after_it_was_registered_and_not_in_the_future(plan):
    case = _case(plan, "Ärende", None)
    with pytest.raises(ValidationError, match="före"):
        cases.case_update(case, title="Ärende", closed_on=D(2022, 1, 1), today=TODAY)
    with pytest.raises(ValidationError, match="framtiden"):
        cases.case_update(case, title="Ärende", closed_on=D(2026, 12, 1), today=TODAY)
    # Leaving the closing out keeps it as it is.
    cases.case_update(case, title="Ärende", closed_on=D(2024, 1, 1), today=TODAY)
    cases.case_update(case, title="Nytt namn")
    case.refresh_from_db()
    assert case.closed_on == D(2024, 1, 1)


# --- The command -------------------------------------------------------------------------


def test_the_command_proposes_then_the_archivist_confirms(plan, capsys):
    closed = _case(plan, "Avslutat ärende", D(2024, 6, 1))
    due = _document(plan, closed, "Inkommet brev", plan["temporary"])
    call_command("dispose", "--collaboration", plan["collaboration"].slug)
    out = capsys.readouterr().out
    assert "Inkommet brev" in out and "Inget är borttaget" in out
    run = DisposalRun.objects.get()
    with pytest.raises(CommandError, match="ingen användare"):
        call_command("dispose", "--confirm", str(run.pk), "--user", "nobody")
    secretary = user_create(username="sekr", password="x-Lösen-123", roles=[Role.SECRETARY])
    with pytest.raises(CommandError, match="Bara arkivarien"):
        call_command("dispose", "--confirm", str(run.pk), "--user", secretary.username)
    call_command("dispose", "--confirm", str(run.pk), "--user", "arkivarie")
    due.refresh_from_db()
    assert due.disposed_at is not None
    with pytest.raises(CommandError, match="redan beslutad"):
        call_command("dispose", "--confirm", str(run.pk), "--user", "arkivarie")
    assert DisposalLine.objects.count() == 1


# --- Pages -------------------------------------------------------------------------------


def test_the_archivist_proposes_reviews_and_confirms_in_the_browser_pages(plan, client):
    closed = _case(plan, "Avslutat ärende", D(2024, 6, 1))
    due = _document(plan, closed, "Inkommet brev", plan["temporary"])
    secret = _document(
        plan, closed, "Hemligt brev", plan["temporary"], confidentiality_ground="OSL 21 kap. 1 §"
    )
    client.force_login(plan["archivist"])
    page = client.get(reverse("retention:overview"))
    assert "Inkomna handlingar av tillfällig betydelse" in page.content.decode()
    response = client.post(reverse("retention:overview"), {"as_of": "2026-11-26"})
    run = DisposalRun.objects.get()
    assert response.url == run.get_absolute_url()
    html = client.get(run.get_absolute_url()).content.decode()
    assert "Inkommet brev" in html
    # The archivist may not read the confidential document: its title is masked.
    assert "Hemligt brev" not in html and f"Sekretessmarkerad handling nr {secret.pk}" in html
    # Confirming needs the box ticked; nothing happens without it.
    response = client.post(run.get_absolute_url(), {"decision": "confirm"})
    assert "Bekräfta att du har granskat listan" in response.content.decode()
    due.refresh_from_db()
    assert due.disposed_at is None
    response = client.post(run.get_absolute_url(), {"decision": "confirm", "understood": "on"})
    assert response.status_code == 302
    due.refresh_from_db()
    assert due.disposed_at is not None
    page = client.get(due.get_absolute_url()).content.decode()
    assert "Gallrad" in page and "Hämta gällande version" not in page
    assert client.get(reverse("documents:download", args=[due.pk])).status_code == 404


def test_others_are_refused(plan, client):
    client.force_login(user_create(username="sekr", password="x-Lösen-123", roles=[Role.SECRETARY]))
    assert client.get(reverse("retention:overview")).status_code == 403
    client.logout()
    assert client.get(reverse("retention:overview")).status_code == 302


def test_a_document_is_classified_only_by_its_own_collaborations_plan(plan, client):
    closed = _case(plan, "Avslutat ärende", D(2024, 6, 1))
    document = _document(plan, closed, "Inkommet brev", None)
    other = Collaboration.objects.create(name="Annan samverkan", slug="annan")
    foreign_rule = services.retention_rule_create(
        collaboration=other, code="9.9", name="Allt", action="dispose", years=0
    )
    with pytest.raises(ValidationError, match="hör inte till"):
        services.document_classify(document, foreign_rule)
    assert selectors.disposal_candidates(other.pk, TODAY) == []
    # Nor can the other collaboration's pages reach it.
    client.force_login(plan["archivist"])
    assert (
        client.get(f"/annan{reverse('retention:classify', args=[document.pk])}").status_code == 404
    )


def test_a_document_supporting_an_item_of_an_open_case_is_not_disposed(plan):
    from samverkan.meetings.models import AgendaItem, Meeting, SupportingDocument

    closed = _case(plan, "Avslutat ärende", D(2024, 6, 1))
    open_ = _case(plan, "Öppet ärende", None)
    document = _document(plan, closed, "Underlag", plan["temporary"])
    meeting = Meeting.objects.create(
        body=f.body(), date=D(2024, 3, 1), start_time=datetime.time(13), end_time=datetime.time(15)
    )
    item = AgendaItem.objects.create(meeting=meeting, position=1, title="Punkt", case=open_)
    SupportingDocument.objects.create(agenda_item=item, document=document)
    assert selectors.disposal_candidates(plan["collaboration"].pk, TODAY) == []


def test_a_version_added_after_the_proposal_makes_it_stale(plan):
    from samverkan.documents.services import document_version_add

    closed = _case(plan, "Avslutat ärende", D(2024, 6, 1))
    due = _document(plan, closed, "Inkommet brev", plan["temporary"])
    run = services.disposal_run_propose(collaboration=plan["collaboration"], as_of=TODAY)
    document_version_add(due, data=b"En ny version som ingen granskat", filename="ny.txt")
    with pytest.raises(ValidationError, match="gäller inte längre"):
        services.disposal_run_confirm(run, user=plan["archivist"])


def test_the_rule_form_says_in_swedish_what_is_wrong(plan, client):
    client.force_login(plan["archivist"])
    response = client.post(
        reverse("retention:rule_new"),
        {"code": "3.1", "name": "Kopior", "action": "keep", "years": "3"},
    )
    html = response.content.decode()
    assert "ingen gallringsfrist" in html and "retention_rule" not in html
