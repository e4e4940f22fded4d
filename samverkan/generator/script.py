"""What happens in a year of the fictional collaboration, as data: when each body meets,
which cases travel through which meetings, and what is special at a meeting (a closed
item, a conflict of interest, a vote with a dissent, a recommendation to the parties).
`year.py` turns it into a timeline of service calls."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from samverkan.cases.models import Handling, PartyResponse, RegistryEntry

from .world import AGBU, PSA, SRE, TPA


@dataclass(frozen=True)
class Slot:
    """A meeting of the plan: the `nth` `weekday` (0 = Monday) of `month`."""

    body: str
    month: int
    weekday: int
    nth: int
    start: datetime.time
    end: datetime.time


def _t(h: int, m: int = 0) -> datetime.time:
    return datetime.time(h, m)


MON, TUE, THU = 0, 1, 3

SCHEDULE = (
    Slot(TPA, 2, THU, 1, _t(9), _t(12)),
    Slot(SRE, 2, MON, 2, _t(10), _t(12)),
    Slot(AGBU, 2, TUE, 2, _t(13), _t(15)),
    Slot(PSA, 3, THU, 3, _t(13), _t(16)),
    Slot(AGBU, 4, TUE, 2, _t(13), _t(15)),
    Slot(TPA, 4, THU, 3, _t(9), _t(12)),
    Slot(SRE, 5, MON, 2, _t(10), _t(12)),
    Slot(TPA, 6, THU, 1, _t(9), _t(12)),
    Slot(PSA, 6, THU, 3, _t(13), _t(16)),
    Slot(AGBU, 8, TUE, 4, _t(13), _t(15)),
    Slot(PSA, 9, THU, 3, _t(13), _t(16)),
    Slot(SRE, 9, MON, 4, _t(10), _t(12)),
    Slot(TPA, 10, THU, 1, _t(9), _t(12)),
    Slot(AGBU, 11, TUE, 2, _t(13), _t(15)),
    Slot(PSA, 11, THU, 3, _t(13), _t(16)),
    Slot(TPA, 12, THU, 1, _t(9), _t(12)),
    Slot(PSA, 12, THU, 2, _t(13), _t(16)),
    Slot(SRE, 12, MON, 2, _t(10), _t(12)),
)

# Where an extract goes: the parties (by name, resolved to their registry addresses) or
# the secretariat of the next body (written with its address).
PARTIES = "parties"
SECRETARIAT = "secretariat"

OSL_SOCIAL = "OSL 26 kap. 1 §"
OSL_PROCUREMENT = "OSL 19 kap. 3 §"
OSL_HEALTH = "OSL 25 kap. 1 §"

VOTE = "vote"
CONFLICT = "conflict"
STATEMENT = "statement"
RECOMMEND = "recommend"


@dataclass(frozen=True)
class Step:
    """The case at one meeting of a body: an agenda item, its § and the handling."""

    body: str
    month: int
    kind: str
    description: str
    proposed: str
    dispatch: str = ""
    closed_ground: str = ""
    extras: tuple[str, ...] = ()
    document: str = "Tjänsteskrivelse"
    # Deliberately placed on the agenda after the body's day for cases to be ready (but
    # before the notice), so the demo shows one case that came "för sent". Every other
    # step is on the agenda by that day, as a well-run secretariat has it.
    late: bool = False


@dataclass(frozen=True)
class Entry:
    """A registry entry with its document (received or drawn up)."""

    month: int
    day: int
    direction: str
    description: str
    counterpart: str
    document: str
    text: str
    ground: str = ""
    protect_counterpart: bool = False
    protect_description: bool = False


@dataclass(frozen=True)
class RecommendationSpec:
    title: str
    text: str
    answer_by: tuple[int, int, int]  # years after, month, day
    # (party index, status, days after the recommendation)
    answers: tuple[tuple[int, str, int], ...]


@dataclass(frozen=True)
class CaseSpec:
    key: str
    case_type: str
    title: str
    description: str
    registered: tuple[int, int]
    steps: tuple[Step, ...]
    entries: tuple[Entry, ...] = ()
    recommendation: RecommendationSpec | None = None
    officer: bool = True
    extra_text: dict[str, str] = field(default_factory=dict)


P = Handling.Kind
R = RegistryEntry.Direction
S = PartyResponse.Status

CASES = (
    CaseSpec(
        key="sip",
        case_type="Rekommendation till parterna",
        title="Gemensam riktlinje för samordnad individuell plan (SIP) {year}",
        description=(
            "Riktlinjen beskriver hur regionen och kommunerna tillsammans upprättar och "
            "följer upp samordnade individuella planer för barn, unga och vuxna."
        ),
        registered=(1, 20),
        entries=(
            Entry(
                1,
                20,
                R.DRAWN_UP,
                "Uppdrag att revidera SIP-riktlinjen",
                "Samverkanskansliet",
                "Uppdragsbeskrivning SIP-riktlinje",
                "Arbetsgruppen för barn och unga får i uppdrag att revidera riktlinjen för "
                "samordnad individuell plan.",
            ),
            Entry(
                3,
                2,
                R.RECEIVED,
                "Synpunkter på remissversion",
                "Brukarrådet i Exempellänet",
                "Synpunkter från brukarrådet",
                "Brukarrådet välkomnar att barnets egen röst lyfts i planeringen.",
            ),
        ),
        steps=(
            Step(
                AGBU,
                2,
                P.PREPARATION,
                "Arbetsgruppen har reviderat riktlinjen efter två års erfarenheter och "
                "synpunkter från brukarrådet.",
                "Arbetsgruppen överlämnar förslaget till Tjänstepersonsarenan för beredning.",
                dispatch=SECRETARIAT,
            ),
            Step(
                TPA,
                4,
                P.PROPOSAL,
                "Förslaget till reviderad riktlinje har beretts av förvaltningscheferna. "
                "Riktlinjen förtydligar ansvar och tidsgränser för kallelse till SIP-möte.",
                "Tjänstepersonsarenan föreslår Politiska samverkansarenan att rekommendera "
                "parterna att anta riktlinjen.",
                dispatch=SECRETARIAT,
            ),
            Step(
                PSA,
                6,
                P.DECISION,
                "Riktlinjen har beretts av Arbetsgruppen för barn och unga och "
                "Tjänstepersonsarenan. Den ersätter riktlinjen från {prev}.",
                "Politiska samverkansarenan rekommenderar parterna att anta den gemensamma "
                "riktlinjen för samordnad individuell plan (SIP).\n"
                "Parterna ombeds meddela sina beslut senast den 31 oktober {year}.",
                dispatch=PARTIES,
                extras=(VOTE, RECOMMEND),
            ),
        ),
        recommendation=RecommendationSpec(
            title="Rekommendation: gemensam riktlinje för SIP",
            text=(
                "Politiska samverkansarenan rekommenderar regionen och kommunerna att anta "
                "den gemensamma riktlinjen för samordnad individuell plan (SIP)."
            ),
            answer_by=(0, 10, 31),
            answers=(
                (0, S.ADOPTED, 45),
                (1, S.ADOPTED, 60),
                (2, S.ADOPTED_WITH_CHANGES, 90),
                (5, S.REJECTED, 110),
            ),
        ),
    ),
    CaseSpec(
        key="psykisk-halsa",
        case_type="Rekommendation till parterna",
        title="Överenskommelse om barns och ungas psykiska hälsa {next}–{next3}",
        description=(
            "En ny överenskommelse om förebyggande arbete, tidiga insatser och samordnad "
            "vård för barn och unga med psykisk ohälsa."
        ),
        registered=(3, 10),
        entries=(
            Entry(
                3,
                10,
                R.RECEIVED,
                "Skrivelse om väntetider till barn- och ungdomspsykiatrin",
                "Föräldraföreningen Exempel",
                "Skrivelse om väntetider",
                "Föreningen begär att parterna gemensamt kortar väntetiderna.",
            ),
        ),
        steps=(
            Step(
                AGBU,
                4,
                P.PREPARATION,
                "Arbetsgruppen har sammanställt en lägesbild och ett utkast till överenskommelse.",
                "Arbetsgruppen överlämnar utkastet till Tjänstepersonsarenan.",
                dispatch=SECRETARIAT,
            ),
            Step(
                TPA,
                6,
                P.PROPOSAL,
                "Utkastet har stämts av med parternas förvaltningar. Kostnaderna fördelas "
                "enligt den gemensamma fördelningsnyckeln.",
                "Tjänstepersonsarenan föreslår Politiska samverkansarenan att rekommendera "
                "parterna att anta överenskommelsen.",
                dispatch=SECRETARIAT,
            ),
            Step(
                PSA,
                9,
                P.DECISION,
                "Överenskommelsen gäller {next}–{next3}. Den innehåller gemensamma mål, "
                "ansvarsfördelning och en plan för uppföljning.",
                "Politiska samverkansarenan rekommenderar parterna att anta "
                "överenskommelsen om barns och ungas psykiska hälsa {next}–{next3}.",
                dispatch=PARTIES,
                extras=(VOTE, RECOMMEND),
            ),
        ),
        recommendation=RecommendationSpec(
            title="Rekommendation: överenskommelse om barns och ungas psykiska hälsa",
            text=(
                "Politiska samverkansarenan rekommenderar regionen och kommunerna att anta "
                "överenskommelsen om barns och ungas psykiska hälsa {next}–{next3}."
            ),
            answer_by=(1, 2, 28),
            answers=((1, S.ADOPTED, 50), (3, S.ADOPTED, 150)),
        ),
        extra_text={
            "dissent": (
                "Överenskommelsen saknar finansiering för kommunernas del och borde ha "
                "återremitterats."
            )
        },
    ),
    CaseSpec(
        key="upphandling",
        case_type="Gemensam upphandling",
        title="Upphandling av digitalt stöd för samordnad planering",
        description="Gemensam upphandling av ett digitalt verktyg för SIP-processen.",
        registered=(1, 25),
        entries=(
            Entry(
                2,
                16,
                R.RECEIVED,
                "Anbud",
                "Anbudsgivare A",
                "Anbud från anbudsgivare A",
                "Anbudet med priser och tekniska lösningar.",
                ground=OSL_PROCUREMENT,
                protect_counterpart=True,
            ),
            Entry(
                2,
                17,
                R.RECEIVED,
                "Anbud",
                "Anbudsgivare B",
                "Anbud från anbudsgivare B",
                "Anbudet med priser och referenser.",
                ground=OSL_PROCUREMENT,
                protect_counterpart=True,
            ),
            Entry(
                3,
                4,
                R.DRAWN_UP,
                "Utvärdering av anbud",
                "Samverkanskansliet",
                "Utvärderingsrapport",
                "Utvärdering av inkomna anbud enligt förfrågningsunderlaget.",
                ground=OSL_PROCUREMENT,
            ),
        ),
        steps=(
            Step(
                PSA,
                3,
                P.DECISION,
                "Två anbud har kommit in. Uppgifterna i anbuden omfattas av sekretess till "
                "dess att tilldelningsbeslut fattats.",
                "Politiska samverkansarenan ställer sig bakom utvärderingen och uppdrar åt "
                "Region Exempel att fatta tilldelningsbeslut.",
                dispatch=PARTIES,
                closed_ground=OSL_PROCUREMENT,
                extras=(CONFLICT,),
                document="Utvärdering av anbud",
                # The evaluation (registered 4 March) was done after the day for cases
                # to be ready: the one case the demo shows as late, on purpose.
                late=True,
            ),
        ),
    ),
    CaseSpec(
        key="enskild",
        case_type="Samordning i enskilt ärende",
        title="Samordning i enskilt ärende",
        description="Samordning av insatser för en enskild. Uppgifterna omfattas av sekretess.",
        registered=(1, 12),
        entries=(
            Entry(
                1,
                12,
                R.RECEIVED,
                "Begäran om samordning av insatser",
                "Vårdnadshavare",
                "Begäran om samordning",
                "Begäran med uppgifter om den enskildes hälsa och familjeförhållanden.",
                ground=OSL_SOCIAL,
                protect_counterpart=True,
                protect_description=True,
            ),
            Entry(
                1,
                28,
                R.RECEIVED,
                "Utlåtande från barn- och ungdomspsykiatrin",
                "Region Exempel, BUP",
                "Utlåtande från BUP",
                "Utlåtande med uppgifter om den enskildes hälsotillstånd.",
                ground=OSL_HEALTH,
                protect_description=True,
            ),
        ),
        steps=(
            Step(
                TPA,
                2,
                P.DECISION,
                "Ärendet gäller samordnade insatser från socialtjänst, skola och regionens "
                "barn- och ungdomspsykiatri för en enskild.",
                "Tjänstepersonsarenan uppdrar åt Norrby kommun att samordna insatserna och "
                "återrapportera i juni.",
                closed_ground=OSL_SOCIAL,
                document="Sammanställning av insatser",
            ),
        ),
    ),
    CaseSpec(
        key="folkhalsa",
        case_type="Samråd",
        title="Samråd om länsgemensam folkhälsostrategi {next}–{next3}",
        description="Regionens förslag till folkhälsostrategi på samråd med kommunerna.",
        registered=(4, 2),
        entries=(
            Entry(
                4,
                2,
                R.RECEIVED,
                "Remiss: förslag till folkhälsostrategi",
                "Region Exempel, folkhälsoenheten",
                "Förslag till folkhälsostrategi",
                "Strategin pekar ut fyra målområden: tidiga år, skola, arbete och äldres hälsa.",
            ),
        ),
        steps=(
            Step(
                SRE,
                5,
                P.INFORMATION,
                "Folkhälsoenheten presenterar förslaget och tidplanen för samrådet.",
                "Samverkansrådet tackar för informationen.",
            ),
            Step(
                SRE,
                9,
                P.DECISION,
                "Kommunerna har lämnat synpunkter. Rådet samråder om det reviderade förslaget.",
                "Samverkansrådet ställer sig bakom inriktningen i folkhälsostrategin.",
                dispatch=PARTIES,
                extras=(STATEMENT,),
            ),
        ),
    ),
    CaseSpec(
        key="uppfoljning",
        case_type="Uppföljning",
        title="Uppföljning av samverkans arbete {year}",
        description="Årlig uppföljning av mål, sammanträden och rekommendationer.",
        registered=(8, 3),
        steps=(
            Step(
                TPA,
                10,
                P.PREPARATION,
                "Kansliet har sammanställt uppföljningen: sammanträden, närvaro per part och "
                "parternas svar på rekommendationer.",
                "Tjänstepersonsarenan överlämnar uppföljningen till Politiska samverkansarenan.",
                dispatch=SECRETARIAT,
            ),
            Step(
                PSA,
                11,
                P.FOLLOW_UP,
                "Uppföljningen visar att alla planerade sammanträden hållits och att flera "
                "parter ännu inte svarat på årets rekommendationer.",
                "Politiska samverkansarenan godkänner uppföljningen och skickar den till "
                "parterna för kännedom.",
                dispatch=PARTIES,
            ),
        ),
    ),
    CaseSpec(
        key="verksamhetsplan",
        case_type="Rekommendation till parterna",
        title="Verksamhetsplan och budget för samverkan {next}",
        description="Mål, aktiviteter och gemensam budget för nästa år.",
        registered=(9, 15),
        steps=(
            Step(
                AGBU,
                11,
                P.PREPARATION,
                "Arbetsgruppen har lämnat förslag på aktiviteter för barn och unga.",
                "Arbetsgruppen överlämnar sina förslag till Tjänstepersonsarenan.",
                dispatch=SECRETARIAT,
            ),
            Step(
                TPA,
                12,
                P.PROPOSAL,
                "Förslaget till verksamhetsplan bygger på årets uppföljning och "
                "arbetsgruppernas förslag.",
                "Tjänstepersonsarenan föreslår Politiska samverkansarenan att fastställa "
                "verksamhetsplanen och rekommendera parterna att finansiera budgeten.",
                dispatch=SECRETARIAT,
            ),
            Step(
                PSA,
                12,
                P.DECISION,
                "Verksamhetsplanen och budgeten för {next}.",
                "Politiska samverkansarenan fastställer verksamhetsplanen för {next}.",
                dispatch=PARTIES,
            ),
        ),
    ),
)

# Items without a case: one or two per meeting, drawn from the body's list.
INFORMATION = {
    PSA: (
        "Information från samverkansledaren",
        "Aktuellt från parterna",
        "Lägesrapport om omställningen till nära vård",
    ),
    TPA: (
        "Aktuellt från parterna",
        "Kompetensförsörjning inom elevhälsan – lägesbild",
        "Rapport från Arbetsgruppen för barn och unga",
    ),
    AGBU: (
        "Erfarenhetsutbyte: samordnade insatser i skolan",
        "Statistik om barns och ungas psykiska hälsa",
        "Aktuellt från verksamheterna",
    ),
    SRE: (
        "Information om regionens budget {next}",
        "Dialog om kollektivtrafik och tillgång till vård",
        "Aktuellt från kommunerna",
    ),
}
