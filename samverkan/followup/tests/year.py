"""One year of a small body, built row by row for the golden tests of the dashboard and
the yearly report. Every figure the tests expect is worked out in the comments here.

Body "Arenan" (ARN), meets 4 times a year by its rhythm. Parties: the region R (two
seats: r1 chair, r2), the municipalities K1 (k1) and K2 (k2; substitute s2 from
2025-05-01).

Meetings 2025: M1 03-10, M2 06-10, M3 09-10 (sealed), M4 11-10 (cancelled), M5 12-08
(held, minutes not sealed): 5 planned, 4 held, 1 cancelled.
Attendance (sealed meetings only count):
  M1 r1 r2 k1 k2                      4 of 4 seats filled
  M2 r1 k1, s2 serving for k2         3 of 4 (r2 absent)
  M3 r1 r2 k2                         3 of 4 (k1 absent, no substitute)
  → seats 12, filled 10 (83.3 %); R 6 seats 5 present (83.3 %), K1 3/2 (66.7 %),
    K2 3 seats 2 members + 1 substitute (100 %). Members: r1 3/3, r2 3/2, k1 3/2, k2 3/2.
  M5 (unsealed): everyone present; not counted.
Items of type 'Ärende' on sealed meetings: A (M1, decided), C (M2, decided),
E (M2, closed, decided), D (M3, information, no decision):
  public: 2 of 3 led to a decision (66.7 %); an insider: 3 of 4 (75 %).
Lead time (first handling → decision): A 2025-01-15 → 03-10 = 54 days; C 2025-04-01 →
06-10 = 70 days; E (closed) 2025-05-10 → 06-10 = 31 days.
  public: n 2, median 62; insider: n 3, median 54.
Recommendation from A's decision, issued 2025-03-20: R adopted, K1 rejected, K2 not handled.
Assignments: a1 (from A's §) due 06-30, done 06-20; a2 (from C's decision) due 09-30,
done 10-15 (late); a3 (from the recommendation) due 12-01, still ongoing (late at the
year's end); a4 (from closed E's §) due 2026-06-30, ongoing.
  public: done 2 (1 late), late 1; an insider also sees a4 ongoing."""

import datetime
from dataclasses import dataclass
from typing import Any

from samverkan.cases.models import (
    Case,
    CaseSeries,
    Decision,
    Handling,
    PartyResponse,
    Recommendation,
)
from samverkan.followup import services
from samverkan.followup.models import Assignment
from samverkan.meetings.models import AgendaItem, Attendance, Meeting, Section
from samverkan.structure.models import Body, Membership, Party, Person
from samverkan.structure.tests import factories as f

YEAR = 2025
TODAY = datetime.date(2026, 11, 26)
D = datetime.date


@dataclass
class GoldenYear:
    body: Body
    other: Body
    parties: dict[str, Party]
    persons: dict[str, Person]
    meetings: list[Meeting]
    sections: dict[str, Section]
    decisions: dict[str, Decision]
    recommendation: Recommendation
    assignments: dict[str, Assignment]
    cases: dict[str, Case]


def _meeting(body: Body, day: datetime.date, **kw: Any) -> Meeting:
    return Meeting.objects.create(body=body, date=day, start_time=datetime.time(13), **kw)


def _item(meeting: Meeting, position: int, title: str, case: Case | None, **kw: Any) -> AgendaItem:
    return AgendaItem.objects.create(
        meeting=meeting, position=position, title=title, case=case, **kw
    )


def build() -> GoldenYear:
    collaboration = f.home_collaboration()
    r = f.party(
        name="Region Gyllene", short_name="R", slug="region-gyllene", kind="region", sort_order=1
    )
    k1 = f.party(name="Kommun Ett", short_name="K1", slug="kommun-ett", sort_order=2)
    k2 = f.party(name="Kommun Två", short_name="K2", slug="kommun-tva", sort_order=3)
    body = f.body(name="Arenan", short_name="ARN", slug="arenan", meetings_per_year=4)
    other = f.body(name="Beredningen", short_name="BER", slug="beredningen")
    persons = {
        n: f.person(name=f"Person {n.upper()}", slug=f"golden-{n}")
        for n in ("r1", "r2", "k1", "k2", "s2")
    }
    start = D(2024, 1, 1)
    for key, party, role in (
        ("r1", r, Membership.Role.CHAIR),
        ("r2", r, Membership.Role.MEMBER),
        ("k1", k1, Membership.Role.MEMBER),
        ("k2", k2, Membership.Role.MEMBER),
    ):
        f.membership(person=persons[key], body=body, party=party, role=role, start=start)
    f.membership(
        person=persons["s2"],
        body=body,
        party=k2,
        role=Membership.Role.SUBSTITUTE,
        start=D(2025, 5, 1),
    )
    series = CaseSeries.objects.create(
        collaboration=collaboration, code="GLD", name="Gyllene", organisation=r
    )
    cases = {
        k: Case.objects.create(
            series=series, number=n, year=YEAR, title=f"Ärende {k}", registered_on=D(2025, 1, 2)
        )
        for n, k in enumerate("ACDE", start=1)
    }
    m1 = _meeting(body, D(2025, 3, 10))
    m2 = _meeting(body, D(2025, 6, 10))
    m3 = _meeting(body, D(2025, 9, 10))
    m4 = _meeting(
        body,
        D(2025, 11, 10),
        cancelled_at=datetime.datetime(2025, 10, 1, tzinfo=datetime.UTC),
        cancelled_reason="Inga ärenden",
    )
    m5 = _meeting(body, D(2025, 12, 8))
    items = {
        "A": _item(m1, 1, "Ärende A", cases["A"]),
        "C": _item(m2, 1, "Ärende C", cases["C"]),
        "E": _item(
            m2, 2, "Ärende E", cases["E"], is_public=False, confidentiality_ground="OSL 21 kap. 1 §"
        ),
        "D": _item(m3, 1, "Ärende D", cases["D"]),
        "F": _item(m5, 1, "Ärende F", None),
    }
    sections = {}
    for n, (key, meeting) in enumerate(
        (("A", m1), ("C", m2), ("E", m2), ("D", m3), ("F", m5)), start=1
    ):
        sections[key] = Section.objects.create(
            meeting=meeting,
            agenda_item=items[key],
            body=body,
            year=YEAR,
            number=n,
            title=f"Ärende {key}",
            decision="Informationen noteras." if key == "D" else f"Arenan beslutar om {key}.",
        )
    present: dict[Meeting, list[tuple[str, str, str | None]]] = {
        m1: [
            ("r1", "member", None),
            ("r2", "member", None),
            ("k1", "member", None),
            ("k2", "member", None),
        ],
        m2: [("r1", "member", None), ("k1", "member", None), ("s2", "substitute", "k2")],
        m3: [("r1", "member", None), ("r2", "member", None), ("k2", "member", None)],
        m5: [
            ("r1", "member", None),
            ("r2", "member", None),
            ("k1", "member", None),
            ("k2", "member", None),
        ],
    }
    for meeting, rows in present.items():
        for key, capacity, replaces in rows:
            Attendance.objects.create(
                meeting=meeting,
                person=persons[key],
                capacity=capacity,
                replaces=persons[replaces] if replaces else None,
            )
    decisions = {}
    first = {"A": D(2025, 1, 15), "C": D(2025, 4, 1), "E": D(2025, 5, 10), "D": D(2025, 8, 1)}
    for key, meeting in (("A", m1), ("C", m2), ("E", m2), ("D", m3)):
        Handling.objects.create(
            case=cases[key], body=other, kind=Handling.Kind.PREPARATION, date=first[key]
        )
        handling = Handling.objects.create(
            case=cases[key],
            body=body,
            kind=Handling.Kind.INFORMATION if key == "D" else Handling.Kind.DECISION,
            date=meeting.date,
            agenda_item=items[key],
            section=sections[key],
        )
        if key != "D":
            decisions[key] = Decision.objects.create(
                case=cases[key],
                handling=handling,
                body=body,
                section=sections[key],
                date=meeting.date,
                text=sections[key].decision,
            )
    for meeting in (m1, m2, m3):
        Meeting.objects.filter(pk=meeting.pk).update(
            sealed_at=datetime.datetime.combine(
                meeting.date + datetime.timedelta(days=7), datetime.time(12), tzinfo=datetime.UTC
            )
        )
    rec = Recommendation.objects.create(
        case=cases["A"],
        decision=decisions["A"],
        title="Rekommendation A",
        text="Anta A.",
        issued_on=D(2025, 3, 20),
        answer_by=D(2025, 9, 30),
    )
    for party, status in ((r, "adopted"), (k1, "rejected"), (k2, "not_handled")):
        PartyResponse.objects.create(recommendation=rec, party=party, status=status)
    sections = {k: Section.objects.get(pk=s.pk) for k, s in sections.items()}

    def make(
        key: str, source: Any, deadline: datetime.date, done_on: datetime.date | None
    ) -> Assignment:
        decided = (
            getattr(source, "date", None)
            or getattr(source, "issued_on", None)
            or source.meeting.date
        )
        a = services.assignment_create(
            source=source,
            body=body,
            title=f"Uppdrag {key}",
            owner_party=k1,
            decided_on=decided,
            deadline=deadline,
            today=decided,
        )
        services.progress_report_add(
            a,
            date=decided + datetime.timedelta(days=10),
            text="Igång.",
            percent=40,
            today=decided + datetime.timedelta(days=10),
        )
        if done_on is not None:
            a.refresh_from_db()
            services.assignment_update(
                a,
                title=a.title,
                description="",
                owner_person=None,
                owner_party=k1,
                owner_body=None,
                decided_on=a.decided_on,
                deadline=a.deadline,
                review_on=None,
                status="done",
                today=done_on,
            )
        return Assignment.objects.get(pk=a.pk)

    assignments = {
        "a1": make("a1", sections["A"], D(2025, 6, 30), D(2025, 6, 20)),
        "a2": make("a2", decisions["C"], D(2025, 9, 30), D(2025, 10, 15)),
        "a3": make("a3", rec, D(2025, 12, 1), None),
        "a4": make("a4", sections["E"], D(2026, 6, 30), None),
    }
    return GoldenYear(
        body=body,
        other=other,
        parties={"R": r, "K1": k1, "K2": k2},
        persons=persons,
        meetings=[m1, m2, m3, m4, m5],
        sections=sections,
        decisions=decisions,
        recommendation=rec,
        assignments=assignments,
        cases=cases,
    )
