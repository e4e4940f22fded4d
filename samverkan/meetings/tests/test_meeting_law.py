"""The meeting law, rule by rule: quorum per §, substitutes in order (own party first),
the member who arrives late or had a conflict of interest back at the next item, who may
dissent, attestation and posting within the body's periods, deadlines counted back to
the previous working day, and notices of absence with the next substitute called."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from samverkan.accounts.models import Role
from samverkan.accounts.services import user_create
from samverkan.meetings import rules, services
from samverkan.meetings.models import AbsenceNotice, Attendance, Ballot, MeetingRules, Section
from samverkan.meetings.selectors import (
    called_person_ids,
    quorum_at,
    quorum_by_item,
    seats_on_meeting_day,
    serving_persons,
    substitute_next,
    substitutes_for,
)
from samverkan.structure.models import Membership
from samverkan.structure.tests import factories as f

D = datetime.date
P = rules.Presence

# --- Pure rules -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2026, 1, 6), D(2026, 1, 5)),  # Epiphany (Tuesday) → Monday
        (D(2026, 5, 14), D(2026, 5, 13)),  # Ascension Day → Wednesday
        (D(2026, 3, 1), D(2026, 2, 27)),  # Sunday → Friday
        (D(2026, 4, 6), D(2026, 4, 2)),  # Easter Monday → over Easter to Maundy Thursday
        (D(2026, 12, 26), D(2026, 12, 23)),  # Boxing Day, Christmas, Christmas Eve
        (D(2026, 3, 4), D(2026, 3, 4)),  # a Wednesday stays
    ],
)
def test_previous_working_day_moves_back_over_weekends_and_holidays(day, expected):
    assert rules.previous_working_day(day) == expected


def test_deadlines_counted_back_from_the_meeting_fall_on_the_previous_working_day():
    # "Cases ready" 21 days before 2026-01-27 is Epiphany; before 2026-06-04 Ascension Day.
    assert rules.cases_ready_deadline(D(2026, 1, 27), 21) == D(2026, 1, 5)
    assert rules.cases_ready_deadline(D(2026, 6, 4), 21) == D(2026, 5, 13)
    # The notice eight days before a Monday would be a Sunday.
    assert rules.notice_deadline(D(2026, 3, 9), 8) == D(2026, 2, 27)
    assert rules.notice_deadline(D(2026, 3, 11), 7) == D(2026, 3, 4)


def test_a_meeting_on_a_holiday_or_weekend_gets_a_warning():
    assert "helgdag" in rules.meeting_day_warning(D(2026, 5, 14))
    assert "helgdag" in rules.meeting_day_warning(D(2026, 6, 6))  # national day, a Saturday
    assert "lördag" in rules.meeting_day_warning(D(2026, 3, 7))
    assert "söndag" in rules.meeting_day_warning(D(2026, 3, 8))
    assert rules.meeting_day_warning(D(2026, 3, 9)) == ""


@pytest.mark.parametrize(
    ("serving", "seats", "minimum", "met"),
    [(6, 11, None, True), (5, 11, None, False), (4, 11, 4, True), (3, 11, 4, False)],
)
def test_quorum_is_more_than_half_or_the_bodys_own_number(serving, seats, minimum, met):
    assert rules.quorum_met(serving, seats, minimum) is met


def test_a_member_arriving_late_takes_the_seat_back_at_the_next_item():
    member = P(1, is_substitute=False, present=True, arrived=3)
    substitute = P(2, is_substitute=True, present=True, replaces_id=1)
    people = [member, substitute]
    assert rules.serving_at(3, people) == {2}  # came during item 3: the substitute serves it
    assert rules.serving_at(4, people) == {1}  # from item 4 the member, the substitute steps down


def test_a_member_leaving_is_replaced_from_the_next_item():
    member = P(1, is_substitute=False, present=True, left=2)
    substitute = P(2, is_substitute=True, present=True, replaces_id=1)
    assert rules.serving_at(2, [member, substitute]) == {1}
    assert rules.serving_at(3, [member, substitute]) == {2}


def test_after_a_conflict_of_interest_the_member_returns_at_the_next_item():
    member = P(1, is_substitute=False, present=True)
    assert rules.serving_at(4, [member], conflicts=[(1, 9)]) == {9}
    assert rules.serving_at(5, [member]) == {1}


class Seat:
    def __init__(self, pk, letters, order=None, position=0, party_id=None):
        self.person_id, self.party_letters, self.substitute_order = pk, letters, order
        self.position, self.party_id = position, party_id


def test_substitutes_are_called_own_party_first_then_by_the_substitute_order():
    absent = Seat(1, "M")
    subs = [Seat(10, "C", 1), Seat(11, "M", 3), Seat(12, "S", 2), Seat(13, "M", 2)]
    assert [s.person_id for s in rules.substitutes_in_order(absent, subs)] == [13, 11, 10, 12]
    # The same represented party counts as the same party, whatever the letters.
    absent_party = Seat(2, "", party_id=7)
    subs = [Seat(20, "S", 1), Seat(21, "", 5, party_id=7)]
    assert [s.person_id for s in rules.substitutes_in_order(absent_party, subs)] == [21, 20]


def test_dissent_needs_taking_part_and_not_supporting_the_decision():
    problem = rules.dissent_problem
    assert "tjänstgjorde inte" in problem(
        serving=False, last_vote=None, motions=["avslag"], decision="bifall"
    )
    assert problem(serving=True, last_vote=("yes", "no"), motions=[], decision="x") == ""
    assert "röstade för" in problem(serving=True, last_vote=("yes", "yes"), motions=[], decision="")
    assert "avstod" in problem(serving=True, last_vote=("no", "abstain"), motions=[], decision="")
    assert problem(serving=True, last_vote=(None, "yes"), motions=[], decision="") == ""
    assert problem(serving=True, last_vote=None, motions=["Avslag"], decision="Bifall") == ""
    assert "inte yrkat" in problem(
        serving=True,
        last_vote=None,
        motions=["Bifall  till förslaget"],
        decision="bifall till förslaget",
    )
    assert "inte yrkat" in problem(serving=True, last_vote=None, motions=[], decision="Bifall")


def test_attestation_is_after_the_meeting_and_within_the_period():
    assert "före sammanträdet" in rules.attestation_date_problem(D(2026, 3, 9), D(2026, 3, 8), 14)
    assert "senast 2026-03-23" in rules.attestation_date_problem(D(2026, 3, 9), D(2026, 3, 24), 14)
    assert rules.attestation_date_problem(D(2026, 3, 9), D(2026, 3, 23), 14) == ""


def test_posting_is_within_the_posting_days_of_attestation():
    assert "senast 2026-03-25" in rules.posting_date_problem(D(2026, 3, 23), D(2026, 3, 26), 2)
    assert "före justeringen" in rules.posting_date_problem(D(2026, 3, 23), D(2026, 3, 22), 2)
    assert rules.posting_date_problem(D(2026, 3, 23), D(2026, 3, 25), 2) == ""


# --- A body of five members and four substitutes -----------------------------------------


class Board:
    """Five seats (chair Anna S, Bo S, Cilla M, Dan M, Eva C) and substitutes Sven (C, 1),
    Mia (M, 2), Max (M, 3), Stina (S, 4)."""

    def __init__(self, day: datetime.date) -> None:
        self.body = f.body(name="Samverkansnämnden", short_name="SN", slug=f"sn-{day:%Y%m%d}")
        self.p = {}
        for i, (name, letters, role, order) in enumerate(
            [
                ("Anna", "S", Membership.Role.CHAIR, None),
                ("Bo", "S", Membership.Role.MEMBER, None),
                ("Cilla", "M", Membership.Role.MEMBER, None),
                ("Dan", "M", Membership.Role.MEMBER, None),
                ("Eva", "C", Membership.Role.MEMBER, None),
                ("Sven", "C", Membership.Role.SUBSTITUTE, 1),
                ("Mia", "M", Membership.Role.SUBSTITUTE, 2),
                ("Max", "M", Membership.Role.SUBSTITUTE, 3),
                ("Stina", "S", Membership.Role.SUBSTITUTE, 4),
            ]
        ):
            person = f.person(name=name, email=f"{name.lower()}@exempel.invalid")
            f.membership(
                person=person,
                body=self.body,
                role=role,
                party_letters=letters,
                substitute_order=order,
                position=i,
                start=D(2024, 1, 1),
            )
            self.p[name] = person
        self.meeting = services.meeting_create(
            body=self.body, date=day, start_time=datetime.time(10), place="Rummet"
        )
        for title in ("Budget", "Avtal"):
            services.agenda_item_add(self.meeting, title=title, proposed_decision="Att bifalla.")
        self.items = {i.title: i for i in self.meeting.items.all()}  # positions 1..5

    def attend(self, name, present=True, **kw):
        is_sub = name in ("Sven", "Mia", "Max", "Stina")
        return services.attendance_record(
            self.meeting,
            self.p[name],
            capacity=Attendance.Capacity.SUBSTITUTE if is_sub else Attendance.Capacity.MEMBER,
            present=present,
            **kw,
        )

    def section(self, title: str) -> Section:
        return services.section_create(self.meeting, agenda_item=self.items[title])


HELD = D(2026, 3, 9)  # a Monday


@pytest.fixture
def board(db):
    return Board(HELD)


def test_a_decision_is_refused_where_the_body_lacks_quorum(board):
    board.attend("Anna")
    board.attend("Bo")
    budget = board.section("Budget")
    with pytest.raises(ValidationError) as refused:
        services.section_update(budget, decision="Budgeten antas.")
    assert refused.value.messages == [
        f"Organet är inte beslutfört vid § {budget.number}: 2 av 5 ledamöter tjänstgör, "
        "minst 3 krävs."
    ]
    budget.refresh_from_db()
    assert budget.decision == ""
    with pytest.raises(ValidationError, match="inte beslutfört"):
        services.vote_record(
            budget, question="Bifall", ballots={board.p["Anna"]: Ballot.Choice.YES}
        )
    assert not budget.votes.exists()
    board.attend("Eva")
    services.section_update(budget, decision="Budgeten antas.")
    assert quorum_at(budget).met


def test_a_section_created_with_a_decision_without_quorum_is_not_saved(board):
    board.attend("Anna")
    with pytest.raises(ValidationError, match="inte beslutfört"):
        services.section_create(board.meeting, agenda_item=board.items["Budget"], decision="Antas.")
    assert not Section.objects.filter(meeting=board.meeting).exists()


def test_a_body_may_set_its_own_quorum(board):
    MeetingRules.objects.create(body=board.body, quorum_minimum=2)
    board.body.refresh_from_db()
    board.attend("Anna")
    board.attend("Bo")
    budget = board.section("Budget")
    services.section_update(budget, decision="Budgeten antas.")
    assert (quorum_at(budget).required, quorum_at(budget).met) == (2, True)


def test_quorum_is_counted_per_item_from_arrival_and_leaving(board):
    board.attend("Anna")
    board.attend("Bo")
    board.attend("Cilla", arrived_at_item=board.items["Budget"])  # came during item 3
    board.attend("Dan", left_after_item=board.items["Budget"])  # left after item 3
    budget, deal = board.section("Budget"), board.section("Avtal")
    assert quorum_at(budget).serving == 3  # Anna, Bo, Dan
    assert quorum_at(deal).serving == 3  # Anna, Bo, Cilla
    board.attend("Dan", left_after_item=board.items["Val av justerare"])
    assert quorum_at(budget).serving == 2
    with pytest.raises(ValidationError, match=f"§ {budget.number}: 2 av 5"):
        services.section_update(budget, decision="Antas.")
    services.section_update(deal, decision="Avtalet godkänns.")
    labels = [(q.label, q.quorum.serving, q.quorum.met) for q in quorum_by_item(board.meeting)]
    assert labels[2:4] == [(f"§ {budget.number}", 2, False), (f"§ {deal.number}", 3, True)]


def test_the_substitute_steps_down_when_the_member_arrives(board):
    for name in ("Anna", "Bo", "Eva"):
        board.attend(name)
    board.attend("Cilla", arrived_at_item=board.items["Budget"])
    board.attend("Mia", replaces=board.p["Cilla"])
    budget, deal = board.section("Budget"), board.section("Avtal")
    assert board.p["Mia"].pk in serving_persons(board.meeting, budget)
    assert board.p["Cilla"].pk not in serving_persons(board.meeting, budget)
    assert board.p["Cilla"].pk in serving_persons(board.meeting, deal)
    assert board.p["Mia"].pk not in serving_persons(board.meeting, deal)
    with pytest.raises(ValidationError, match="Mia tjänstgör inte vid § "):
        services.motion_add(deal, board.p["Mia"], "Avslag")


def test_a_member_with_a_conflict_returns_at_the_next_item(board):
    for name in ("Anna", "Bo", "Cilla", "Eva"):
        board.attend(name)
    budget, deal = board.section("Budget"), board.section("Avtal")
    services.conflict_record(budget, board.p["Cilla"], substitute=board.p["Mia"])
    assert board.p["Cilla"].pk not in serving_persons(board.meeting, budget)
    assert board.p["Mia"].pk in serving_persons(board.meeting, budget)
    assert board.p["Cilla"].pk in serving_persons(board.meeting, deal)
    assert board.p["Mia"].pk not in serving_persons(board.meeting, deal)


def test_substitutes_serve_in_order_own_party_first(board):
    order = [m.person.name for m in substitutes_for(board.meeting, board.p["Cilla"])]
    assert order == ["Mia", "Max", "Sven", "Stina"]
    order = [m.person.name for m in substitutes_for(board.meeting, board.p["Anna"])]
    assert order == ["Stina", "Sven", "Mia", "Max"]
    for name in ("Anna", "Bo", "Dan", "Eva"):
        board.attend(name)
    board.attend("Cilla", present=False)
    board.attend("Max", replaces=board.p["Cilla"])  # passes over Mia
    with pytest.raises(ValidationError, match="Mia \\(M\\) står före Max för Cilla"):
        services.attendance_substitute_order_validate(board.meeting)
    board.attend("Mia", present=False)
    services.attendance_substitute_order_validate(board.meeting)


def _decided(board):
    for name in ("Anna", "Bo", "Cilla", "Eva"):
        board.attend(name)
    budget = board.section("Budget")
    services.section_update(budget, decision="Budgeten antas.")
    return budget


def test_only_who_took_part_and_did_not_support_the_decision_may_dissent(board):
    budget = _decided(board)
    with pytest.raises(ValidationError, match=r"Dan kan inte reservera sig.*tjänstgjorde inte"):
        services.dissent_add(budget, board.p["Dan"])
    with pytest.raises(ValidationError, match=r"Bo kan inte reservera sig.*inte yrkat"):
        services.dissent_add(budget, board.p["Bo"])
    services.motion_add(budget, board.p["Bo"], "Avslag på budgeten.")
    services.dissent_add(budget, board.p["Bo"], "Budgeten är underfinansierad.")
    assert budget.dissents.count() == 1


def test_after_a_vote_only_who_voted_against_the_winning_side_may_dissent(board):
    budget = _decided(board)
    services.vote_record(
        budget,
        question="Bifall mot avslag",
        ballots={
            board.p["Anna"]: Ballot.Choice.YES,
            board.p["Bo"]: Ballot.Choice.NO,
            board.p["Cilla"]: Ballot.Choice.YES,
            board.p["Eva"]: Ballot.Choice.ABSTAIN,
        },
    )
    services.dissent_add(budget, board.p["Bo"])
    with pytest.raises(ValidationError, match="röstade för beslutet"):
        services.dissent_add(budget, board.p["Cilla"])
    with pytest.raises(ValidationError, match="avstod"):
        services.dissent_add(budget, board.p["Eva"])


def test_the_planned_attestation_day_is_after_the_meeting_and_within_the_period(board):
    board.attend("Anna")
    board.attend("Bo")
    with pytest.raises(ValidationError, match="före sammanträdet"):
        services.attesters_choose(board.meeting, [board.p["Bo"]], date=D(2026, 3, 6))
    with pytest.raises(ValidationError, match="senast 2026-03-23"):
        services.attesters_choose(board.meeting, [board.p["Bo"]], date=D(2026, 3, 30))
    assert not board.meeting.attesters.exists()
    services.attesters_choose(board.meeting, [board.p["Bo"]], date=D(2026, 3, 16))


def _signed_in(person, username):
    user = user_create(username=username, password="x-Lösen-123", roles=[Role.MEMBER])
    person.user = user
    person.save()
    return user


def test_an_immediately_attested_section_is_posted_with_its_appeal_period(board):
    budget = _decided(board)
    services.attesters_choose(board.meeting, [board.p["Bo"]])
    for name in ("Anna", "Bo"):
        services.section_attest_immediately(
            budget,
            _signed_in(board.p[name], name.lower()),
            content_sha256=services.section_content_sha256(budget),
        )
    budget.refresh_from_db()
    today = timezone.localdate()
    assert budget.attested_at is not None
    assert budget.posted_on == today
    assert budget.appeal_last_day == rules.appeal_period_last_day(today, 21)


def test_a_section_is_not_posted_before_it_is_attested(board):
    budget = _decided(board)
    with pytest.raises(ValidationError, match="inte justerad"):
        services.section_post(budget)


# --- Notices of absence and the next substitute -------------------------------------------


@pytest.fixture
def upcoming(db):
    return Board(timezone.localdate() + datetime.timedelta(days=20))


def test_a_called_member_reports_absence_and_the_next_substitute_is_called(upcoming, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    notice = services.absence_report(upcoming.meeting, upcoming.p["Cilla"], note="Sjuk")
    assert substitute_next(upcoming.meeting, upcoming.p["Cilla"]).person == upcoming.p["Mia"]
    services.substitute_call(notice)
    notice.refresh_from_db()
    assert notice.substitute == upcoming.p["Mia"]
    mia = Attendance.objects.get(meeting=upcoming.meeting, person=upcoming.p["Mia"])
    assert (mia.capacity, mia.present, mia.replaces) == (
        Attendance.Capacity.SUBSTITUTE,
        True,
        upcoming.p["Cilla"],
    )
    assert not Attendance.objects.get(meeting=upcoming.meeting, person=upcoming.p["Cilla"]).present
    assert [m.to for m in mail.outbox] == [["mia@exempel.invalid"]]
    assert "Cilla har anmält förhinder" in mail.outbox[0].body
    assert upcoming.meeting.dispatches.filter(recipients__contains="ersättare för Cilla").exists()
    with pytest.raises(ValidationError, match="redan kallad"):
        services.substitute_call(notice)


def test_the_next_substitute_passes_over_those_away_or_already_called(upcoming, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    services.absence_report(upcoming.meeting, upcoming.p["Mia"])  # a substitute is away too
    dan = services.absence_report(upcoming.meeting, upcoming.p["Dan"])
    cilla = services.absence_report(upcoming.meeting, upcoming.p["Cilla"])
    services.substitute_call(dan)
    services.substitute_call(cilla)
    dan.refresh_from_db()
    cilla.refresh_from_db()
    assert (dan.substitute.name, cilla.substitute.name) == ("Max", "Sven")


def test_absence_is_reported_only_by_someone_called_before_the_meeting(upcoming, board):
    with pytest.raises(ValidationError, match="inte kallad"):
        services.absence_report(upcoming.meeting, f.person(name="Utomstående"))
    with pytest.raises(ValidationError, match="redan börjat"):
        services.absence_report(board.meeting, board.p["Bo"])
    services.absence_report(upcoming.meeting, upcoming.p["Bo"])
    with pytest.raises(ValidationError, match="redan anmält"):
        services.absence_report(upcoming.meeting, upcoming.p["Bo"])
    assert AbsenceNotice.objects.filter(meeting=upcoming.meeting).count() == 1


def test_no_substitute_is_called_for_a_substitute(upcoming):
    notice = services.absence_report(upcoming.meeting, upcoming.p["Sven"])
    with pytest.raises(ValidationError, match="inte ledamot"):
        services.substitute_call(notice)


# --- Golden: the seeds' RSR as its notice of 2025-05-05 lists it ---------------------------


def test_golden_rsr_substitutes_for_the_moderate_member_and_its_quorum(demo):
    """RSR 2025-05-05: eleven members (Johan Loock the only M) and eight substitutes in
    the notice's order; for Johan Loock the M substitutes come first, then the C ones."""
    from samverkan.meetings.models import Meeting
    from samverkan.meetings.selectors import quorum_status
    from samverkan.structure.models import Person

    meeting = Meeting.objects.get(body__slug="rsr", date=D(2025, 5, 5))
    loock = Person.objects.get(name="Johan Loock")
    assert [m.person.name for m in substitutes_for(meeting, loock)] == [
        "Kent Karlsson",
        "Maud Herkules",
        "Simon Högberg",
        "Pär Fredriksson",
        "Bo-Göran Danielsson",
        "Anders Häggkvist",
        "Karin Jonsson",
        "Daniel Danielsson",
    ]
    quorum = quorum_status(meeting)
    assert (quorum.seats, quorum.required) == (11, 6)


def test_absence_is_reported_as_of_a_moment_before_the_meeting(board, settings):
    """A generator of history reports absence as of a day before a held meeting."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    before = timezone.make_aware(datetime.datetime(2026, 3, 2, 9))
    notice = services.absence_report(board.meeting, board.p["Dan"], now=before)
    services.substitute_call(notice, now=before)
    notice.refresh_from_db()
    assert (notice.substitute.name, notice.substitute_called_at) == ("Mia", before)


def test_a_statement_is_offered_to_those_in_the_room_at_the_item(board):
    from samverkan.meetings.selectors import present_persons

    board.attend("Anna")
    board.attend("Cilla", arrived_at_item=board.items["Budget"])  # came during item 3
    board.attend("Dan", left_after_item=board.items["Budget"])  # left after item 3
    board.attend("Mia", replaces=board.p["Eva"])  # a substitute serving
    budget, deal = board.section("Budget"), board.section("Avtal")
    names = lambda ids: {p for p, person in board.p.items() if person.pk in ids}  # noqa: E731
    assert names(present_persons(board.meeting, budget)) == {"Anna", "Dan", "Mia"}
    assert names(present_persons(board.meeting, deal)) == {"Anna", "Cilla", "Mia"}


@pytest.mark.django_db
def test_the_seats_on_the_meeting_day_are_the_chair_members_and_substitutes_then_holding_one():
    body = f.body()
    day = datetime.date(2026, 3, 2)
    meeting = services.meeting_create(
        body=body, date=day, start_time=datetime.time(9), place="Regionens hus"
    )
    jan = datetime.date(2026, 1, 1)
    chair = f.membership(body=body, role=Membership.Role.CHAIR, start=jan)
    substitute = f.membership(body=body, role=Membership.Role.SUBSTITUTE, start=jan)
    f.membership(body=body, role=Membership.Role.SECRETARY, start=jan)  # no seat
    f.membership(body=body, start=datetime.date(2025, 1, 1), end=datetime.date(2026, 3, 1))
    f.membership(body=body, start=datetime.date(2026, 3, 3))  # from the day after
    f.membership(body=f.body(), start=jan)  # another body's
    expected = {chair.person_id, substitute.person_id}
    assert {m.person_id for m in seats_on_meeting_day(meeting)} == expected
    assert called_person_ids(meeting) == expected
