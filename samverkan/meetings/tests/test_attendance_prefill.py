"""The attendance form starts from the notices of absence (selectors.attendance_prefill):
a member who reported absence is absent, the substitute called in the member's place
serves for the member; what the secretary recorded stands, and can still be changed."""

import pytest
from django.urls import reverse
from django.utils import timezone

from samverkan.meetings import services
from samverkan.meetings.models import AbsenceNotice, Attendance, Meeting
from samverkan.meetings.selectors import AttendanceStart, attendance_prefill

from .test_meeting_law_pages import upcoming  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def test_absence_means_absent_and_the_called_substitute_serves_for_the_member():
    notices = [
        AbsenceNotice(person_id=1),
        AbsenceNotice(person_id=2, substitute_id=7),
    ]
    assert attendance_prefill({}, notices) == {
        1: AttendanceStart(present=False),
        2: AttendanceStart(present=False),
        7: AttendanceStart(present=True, replaces_id=2),
    }


def test_a_called_substitute_who_reports_absence_stays_absent():
    notices = [AbsenceNotice(person_id=7), AbsenceNotice(person_id=2, substitute_id=7)]
    assert attendance_prefill({}, notices)[7] == AttendanceStart(present=False)


def test_what_the_secretary_recorded_stands():
    recorded = Attendance(person_id=1, present=True)
    assert attendance_prefill({1: recorded}, [AbsenceNotice(person_id=1)])[1] is recorded


def _selected(page: str, name: str) -> str:
    """The value selected in the select named `name`."""
    select = page[page.index(f'name="{name}"') :]
    select = select[: select.index("</select>")]
    chosen = select[: select.index(" selected")]
    return chosen[chosen.rindex('value="') + 7 :].split('"')[0]


def test_the_form_opens_with_the_absence_and_the_substitute_filled_in(client, upcoming):  # noqa: F811
    meeting, p = upcoming.meeting, upcoming.p
    services.absence_report(meeting, p["Dan"], note="Sjuk")  # no substitute called yet
    cilla = services.absence_report(meeting, p["Cilla"])
    # The substitute called in Cilla's place, as a notice records it (no attendance yet).
    AbsenceNotice.objects.filter(pk=cilla.pk).update(
        substitute=p["Mia"], substitute_called_at=timezone.now()
    )
    client.force_login(upcoming.secretary)
    url = reverse("meetings:attendance", args=[meeting.pk])
    page = client.get(url).content.decode()
    assert _selected(page, f"status_{p['Dan'].pk}") == "absent"
    assert _selected(page, f"status_{p['Cilla'].pk}") == "absent"
    assert _selected(page, f"status_{p['Mia'].pk}") == "present"
    assert _selected(page, f"replaces_{p['Mia'].pk}") == str(p["Cilla"].pk)
    assert _selected(page, f"status_{p['Anna'].pk}") == ""  # nothing known: left open

    # On the day the secretary still decides: Dan came after all.
    Meeting.objects.filter(pk=meeting.pk).update(date=timezone.localdate())
    data = {f"status_{p['Dan'].pk}": "present"}
    assert client.post(url, data).status_code == 302
    assert Attendance.objects.get(meeting=meeting, person=p["Dan"]).present
    assert _selected(client.get(url).content.decode(), f"status_{p['Dan'].pk}") == "present"


def test_mina_sammantraden_tells_the_called_substitute_and_the_absent_member(client, upcoming):  # noqa: F811
    from .test_meeting_law_pages import _account

    meeting, p = upcoming.meeting, upcoming.p
    notice = services.absence_report(meeting, p["Cilla"], note="Sjuk")
    mine = reverse("meetings:my_meetings")
    client.force_login(upcoming.cilla)
    assert "Du har anmält förhinder." in client.get(mine).content.decode()
    services.substitute_call(notice, by=upcoming.secretary)
    notice.refresh_from_db()
    substitute = notice.substitute
    assert substitute is not None
    assert f"{substitute} är inkallad i ditt ställe" in client.get(mine).content.decode()
    client.force_login(_account(substitute, "ersattaren"))
    page = client.get(mine).content.decode()
    assert f"Du är inkallad att tjänstgöra i stället för {p['Cilla']}." in page


def test_a_held_meetings_absence_is_told_in_the_past_tense(upcoming):  # noqa: F811
    from samverkan.meetings.selectors import my_absence_parts

    meeting, p = upcoming.meeting, upcoming.p
    notice = services.absence_report(meeting, p["Cilla"], note="Sjuk")
    AbsenceNotice.objects.filter(pk=notice.pk).update(substitute=p["Mia"])
    mia = my_absence_parts(p["Mia"].pk, [meeting.pk], held={meeting.pk})
    assert mia == {meeting.pk: f"Du var inkallad att tjänstgöra i stället för {p['Cilla']}"}
    cilla = my_absence_parts(p["Cilla"].pk, [meeting.pk], held={meeting.pk})
    assert cilla == {meeting.pk: f"Du anmälde förhinder; {p['Mia']} var inkallad i ditt ställe"}
    assert my_absence_parts(p["Mia"].pk, [meeting.pk])[meeting.pk].startswith("Du är inkallad")
