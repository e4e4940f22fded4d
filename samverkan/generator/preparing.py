"""Items in preparation (beredning) at the end of the year: the official drafts
tjänsteskrivelser for the coming meetings, the bodies' reviewers approve or send them
back, and the secretariat places approved items on the agenda, all through the
preparation services. Each item stops where the story stops on `as_of`, so the queue
holds a draft, one waiting for review, one sent back and one approved but not placed."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from samverkan.preparation import services as preparation
from samverkan.preparation.models import Preparation, Reviewer

from .world import AGBU, PSA, TPA, World

if TYPE_CHECKING:
    from .year import Planned, Year

SUBMIT = "submit"
APPROVE = "approve"
RETURN = "return"
PLACE = "place"


@dataclass(frozen=True)
class Draft:
    body: str
    month: int  # the meeting it is meant for (the body's meeting that month)
    title: str
    background: str
    assessment: str
    proposed: str
    children: str
    parties: str
    # (step, days after the draft was started); the draft starts `start` days before
    # the meeting.
    start: int
    steps: tuple[tuple[str, int], ...]
    case: str = ""  # the key of a case of the year's script
    comment: str = ""


DRAFTS = (
    Draft(
        TPA,
        12,
        "Verksamhetsplan och budget för samverkan {next}",
        "Samverkans mål och aktiviteter för {next} utgår från årets uppföljning.",
        "Planen är realistisk inom den gemensamma budgeten.",
        "Tjänstepersonsarenan föreslår Politiska samverkansarenan att fastställa "
        "verksamhetsplanen och rekommendera parterna att finansiera budgeten.",
        "Planen prioriterar insatser för barns och ungas psykiska hälsa.",
        "Kostnaden fördelas enligt fördelningsnyckeln: regionen 50 %, kommunerna efter folkmängd.",
        start=45,
        steps=((SUBMIT, 5), (APPROVE, 9), (PLACE, 24)),
        case="verksamhetsplan",
    ),
    Draft(
        PSA,
        12,
        "Yttrande över regional handlingsplan för suicidprevention",
        "Regionen har remitterat en handlingsplan för suicidprevention till kommunerna.",
        "Planen behöver kompletteras med kommunernas ansvar i skolan.",
        "Politiska samverkansarenan lämnar yttrande enligt bilaga.",
        "",
        "Inga kostnader för parterna.",
        start=31,
        steps=((SUBMIT, 4), (RETURN, 8)),
        comment="Komplettera med konsekvenser för barn innan ärendet skickas igen.",
    ),
    Draft(
        PSA,
        12,
        "Samverkan kring digital vårdplanering",
        "Parterna använder i dag olika system för vårdplanering vid utskrivning.",
        "Ett gemensamt arbetssätt minskar dubbelarbete och väntetid.",
        "Politiska samverkansarenan ger Tjänstepersonsarenan i uppdrag att ta fram ett "
        "gemensamt arbetssätt.",
        "Barn med långvariga behov får en tydligare planering.",
        "Ryms inom befintliga ramar.",
        start=20,
        steps=((SUBMIT, 3),),
    ),
    Draft(
        PSA,
        12,
        "Information om länsgemensam kompetensplan",
        "Kompetensplanen beskriver behov av personal inom vård, omsorg och skola.",
        "Planen är ett underlag för parternas egna beslut.",
        "Informationen noteras.",
        "",
        "",
        start=26,
        steps=((SUBMIT, 2), (APPROVE, 6)),
    ),
    Draft(
        AGBU,
        11,
        "Kartläggning av elevhälsans samverkan med barn- och ungdomspsykiatrin",
        "Arbetsgruppen har fått i uppdrag att kartlägga samverkan.",
        "",
        "",
        "",
        "",
        start=-14,  # for the group's first meeting next year: started after its last one
        steps=(),
    ),
)


def reviewers_ensure(world: World, by: Any) -> None:
    """The chair reviews the items of each body that prepares through the queue."""
    for key in (PSA, TPA, AGBU):
        view = world.bodies[key]
        if view.chair is None or Reviewer.objects.filter(body=view.body).exists():
            continue
        preparation.reviewer_add(view.body, view.chair, by=by, role_label="ordförande")


def _fill(text: str, year: int) -> str:
    return text.format(next=year + 1)


def preparation_events(year: Year) -> set[tuple[str, int]]:
    """Add the drafts' events to the year's timeline; the steps they put on the agenda
    (body, month) are returned so the agenda leaves them to preparation."""
    from .year import _at, working_day_before

    placed: set[tuple[str, int]] = set()
    year.add(
        _at(datetime.date(year.year, 1, 2), 8),
        "Granskare",
        lambda: reviewers_ensure(year.world, year.world.secretary_user),
    )
    for draft in DRAFTS:
        p = next(
            x for x in year.planned if (x.slot.body, x.slot.month) == (draft.body, draft.month)
        )
        begun = working_day_before(p.day - datetime.timedelta(days=draft.start))
        state: dict[str, Preparation] = {}
        year.add(_at(begun, 9), f"Beredning {draft.body}", partial(_create, year, draft, state))
        for step, after in draft.steps:
            day = working_day_before(begun + datetime.timedelta(days=after))
            year.add(
                _at(day, 13 if step != PLACE else 10, 30),
                f"Beredning {step}",
                partial(_step, year, step, draft, state, p),
            )
            if step == PLACE and draft.case:
                placed.add((draft.body, draft.month))
    return placed


def _create(year: Year, draft: Draft, state: dict[str, Preparation]) -> None:
    world = year.world
    lead = world.official
    case = year.cases.get(draft.case) if draft.case else None
    state["item"] = preparation.preparation_create(
        body=world.bodies[draft.body].body,
        author=lead.user,
        title=_fill(draft.title, year.year),
        background=_fill(draft.background, year.year),
        assessment=draft.assessment,
        proposed_decision=draft.proposed,
        consequences_children=draft.children,
        consequences_parties=draft.parties,
        contact=f"{lead.name}, {lead.title.lower()}",
        case=case,
        is_demo=True,
    )
    if draft.background and draft.assessment:
        title = f"Underlag: {_fill(draft.title, year.year)}"
        preparation.preparation_document_add(
            state["item"],
            title=title,
            by=lead.user,
            data=f"{title}\n\n{_fill(draft.background, year.year)}\n".encode(),
            filename="underlag.txt",
        )


def _step(year: Year, step: str, draft: Draft, state: dict[str, Preparation], p: Planned) -> None:
    item = state.get("item")
    if item is None:
        return
    world = year.world
    chair = world.bodies[draft.body].chair
    reviewer = chair.user if chair is not None else None
    if step == SUBMIT:
        state["item"] = preparation.preparation_submit(item, by=world.official.user)
    elif step == APPROVE:
        state["item"] = preparation.preparation_approve(item, by=reviewer, comment="Bra underlag.")
    elif step == RETURN:
        state["item"] = preparation.preparation_return(item, by=reviewer, comment=draft.comment)
    elif step == PLACE and p.meeting is not None:
        agenda_item = preparation.preparation_place(item, p.meeting, by=year.secretary_of(p))
        if draft.case:
            year.case_item_link(p, draft.case, agenda_item)
