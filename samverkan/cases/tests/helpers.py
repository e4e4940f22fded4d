from samverkan.accounts.models import Role, User
from samverkan.accounts.services import user_create
from samverkan.cases.models import CaseSeries


def registrar_create(username: str = "sekr") -> User:
    """A secretary who is also the registrar of every series (the registry's staff)."""
    user = user_create(username=username, password="x-Lösen-123", roles=[Role.SECRETARY])
    for series in CaseSeries.objects.all():
        series.registrars.add(user)
    return user


def members_present(meeting: object) -> None:
    """Every voting member of the meeting's body present, so its §§ are quorate."""
    from samverkan.meetings import services as meetings
    from samverkan.meetings.models import Attendance
    from samverkan.structure.models import Membership

    for m in Membership.objects.filter(
        body=meeting.body,  # type: ignore[attr-defined]
        role__in=Membership.VOTING_ROLES,
    ).select_related("person"):
        meetings.attendance_record(meeting, m.person, capacity=Attendance.Capacity.MEMBER)  # type: ignore[arg-type]
