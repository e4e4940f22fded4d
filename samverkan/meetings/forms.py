import io
from collections.abc import Iterable, Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from samverkan.access import policy
from samverkan.access.policy import PUBLIC, Audience
from samverkan.structure.forms import BoundedModelChoiceField, BoundedModelMultipleChoiceField
from samverkan.structure.models import Person

from . import rules
from .models import AgendaItem, Ballot, Meeting, MeetingRules


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["date", "start_time", "end_time", "place"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "start_time": forms.TimeInput(attrs={"type": "time"}),
            "end_time": forms.TimeInput(attrs={"type": "time"}),
        }


class AgendaItemForm(forms.ModelForm):
    """The item's case is a real reference: the case number typed here must name a
    registered case (an unknown number is an error on the field)."""

    case_number = forms.CharField(
        label="Diarienummer",
        max_length=40,
        required=False,
        help_text="Ett registrerat ärende, t.ex. RS/418/2025.",
    )

    class Meta:
        model = AgendaItem
        fields = [
            "title",
            "presenters",
            "planned_start",
            "case_number",
            "description",
            "proposer",
            "proposed_decision",
            "dispatch_to",
            "is_public",
            "confidentiality_ground",
        ]
        widgets = {
            "planned_start": forms.TimeInput(attrs={"type": "time"}),
            "description": forms.Textarea(attrs={"rows": 5}),
            "proposed_decision": forms.Textarea(attrs={"rows": 3}),
            "dispatch_to": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(
        self,
        *args: Any,
        audience: Audience = PUBLIC,
        body_id: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.audience = audience
        if body_id is None and self.instance.meeting_id:
            body_id = self.instance.meeting.body_id
        self.body_id = body_id
        if self.instance.pk and self.instance.case_id:
            self.initial.setdefault("case_number", self.instance.case_number)

    def clean_case_number(self) -> object:
        """The case the number names (the cases app is above this one: it is reached
        through the item's relation, never imported)."""
        text = self.cleaned_data.get("case_number", "").strip()
        if not text:
            return None
        parts = [p.strip() for p in text.split("/")]
        if len(parts) != 3 or not (parts[1].isdecimal() and parts[2].isdecimal()):
            raise ValidationError("Ange diarienumret som SERIE/nummer/år, t.ex. RS/418/2025.")
        if len(parts[1]) > 9 or len(parts[2]) != 4 or not parts[1].isascii():
            raise ValidationError("Ange diarienumret som SERIE/nummer/år, t.ex. RS/418/2025.")
        Case = AgendaItem._meta.get_field("case").related_model
        case = Case.objects.filter(  # type: ignore[union-attr]
            series__collaboration__bodies=self.body_id or 0,
            series__code=parts[0].upper(),
            number=int(parts[1]),
            year=int(parts[2]),
        ).first()
        if case is None:
            raise ValidationError(f"Det finns inget ärende {text} i diariet.")
        linkable = Case.objects.filter(  # type: ignore[union-attr]
            policy.case_linkable_q(self.audience, self.body_id or 0)
        )
        if case.pk == self.instance.case_id or linkable.filter(pk=case.pk).exists():
            return case
        raise ValidationError(
            f"Ärendet {text} går inte genom det här organet. Be registratorn för serien "
            "att lägga ärendet hit."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "case_number" in data:
            data["case"] = data.pop("case_number")
        return data


MAX_PDF_BYTES = 25 * 1024 * 1024


class SupportingDocumentForm(forms.Form):
    title = forms.CharField(label="Titel", max_length=300)
    file = forms.FileField(label="Fil (PDF)", required=False)

    def clean_file(self) -> object:
        upload = self.cleaned_data.get("file")
        if not upload:
            return upload
        if upload.size > MAX_PDF_BYTES:
            raise ValidationError("Filen är större än 25 MB.")
        head = upload.read(5)
        upload.seek(0)
        if head != b"%PDF-":
            raise ValidationError("Filen är inte en PDF (innehållet stämmer inte).")
        try:
            PdfReader(io.BytesIO(upload.read())).pages[0]
        except (PdfReadError, IndexError, ValueError) as exc:
            raise ValidationError("PDF-filen är skadad och kan inte läsas.") from exc
        upload.seek(0)
        return upload


class PersonChoiceForm(forms.Form):
    person = BoundedModelChoiceField(label="Person", queryset=Person.objects.none())

    def __init__(self, *args: object, persons: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["person"].queryset = persons  # type: ignore[attr-defined]


class MotionForm(PersonChoiceForm):
    text = forms.CharField(label="Yrkande", widget=forms.Textarea(attrs={"rows": 2}))


class DissentForm(PersonChoiceForm):
    motivation = forms.CharField(
        label="Skriftlig motivering", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class StatementForm(PersonChoiceForm):
    text = forms.CharField(label="Protokollsanteckning", widget=forms.Textarea(attrs={"rows": 2}))


class ConflictForm(PersonChoiceForm):
    substitute = BoundedModelChoiceField(
        label="Ersättare som tjänstgör i stället", queryset=Person.objects.none(), required=False
    )

    def __init__(self, *args: object, substitutes: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["substitute"].queryset = substitutes  # type: ignore[attr-defined]


class VoteForm(forms.Form):
    question = forms.CharField(label="Proposition", max_length=300)
    yes_means = forms.CharField(label="Ja betyder", max_length=200, required=False)
    no_means = forms.CharField(label="Nej betyder", max_length=200, required=False)

    def __init__(self, *args: object, voters: list[Person] | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.voters = voters or []
        for p in self.voters:
            self.fields[f"ballot_{p.pk}"] = forms.ChoiceField(
                label=p.name,
                choices=[("", "–"), *Ballot.Choice.choices],
                required=False,
            )

    def ballots(self) -> dict[Person, str]:
        return {
            p: self.cleaned_data[f"ballot_{p.pk}"]
            for p in self.voters
            if self.cleaned_data.get(f"ballot_{p.pk}")
        }


class AttestersForm(forms.Form):
    attesters = BoundedModelMultipleChoiceField(
        label="Justerare", queryset=Person.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    place = forms.CharField(label="Justeringens plats", max_length=200, required=False)
    date = forms.DateField(
        label="Justeringsdag", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: object, present: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["attesters"].queryset = present  # type: ignore[attr-defined]


# --- Forms for the rest of the pages' input (no raw request.POST/GET parsing) -----------

MAX_SECTIONS = 200
SECTION_NUMBER_MAX = 999_999


class SectionNumbersField(forms.Field):
    """Several § numbers from a repeated parameter (`?p=3&p=4`), ASCII digits only (a
    superscript ² is a digit to `str.isdigit` but no number)."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "required": "Välj minst en paragraf.",
        "invalid": "Paragrafnummer anges med siffror, t.ex. 12.",
        "too_many": f"Välj högst {MAX_SECTIONS} paragrafer.",
    }

    def to_python(self, value: Any) -> list[int]:
        if value in self.empty_values:
            return []
        values = list(value) if isinstance(value, (list, tuple)) else [value]
        if len(values) > MAX_SECTIONS:
            raise ValidationError(self.error_messages["too_many"], code="too_many")
        numbers: list[int] = []
        for v in values:
            text = str(v).strip()
            if not (text.isascii() and text.isdigit()) or len(text) > 6:
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            number = int(text)
            if not 1 <= number <= SECTION_NUMBER_MAX:
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            numbers.append(number)
        return numbers


class ExtractForm(forms.Form):
    """The §§ of a minutes extract: `?p=` on the extract PDF, `p` in the dispatch form."""

    p = SectionNumbersField(label="Paragrafer")

    def numbers(self) -> list[int]:
        numbers: list[int] = self.cleaned_data["p"]
        return numbers


DIRECTION_ERROR = "Ange om punkten ska flyttas upp eller ned."


class MoveForm(forms.Form):
    riktning = forms.ChoiceField(
        label="Riktning",
        choices=[("upp", "Upp"), ("ned", "Ned")],
        error_messages={"required": DIRECTION_ERROR, "invalid_choice": DIRECTION_ERROR},
    )

    def step(self) -> int:
        return -1 if self.cleaned_data["riktning"] == "upp" else 1


ACTION_ERROR = "Okänd åtgärd. Ladda om sidan och försök igen."


class ActionForm(forms.Form):
    """Which of a page's forms was sent (the hidden or button field `action`)."""

    action = forms.ChoiceField(
        label="Åtgärd",
        choices=[],
        error_messages={"required": ACTION_ERROR, "invalid_choice": ACTION_ERROR},
    )

    def __init__(self, *args: Any, actions: Iterable[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [(a, a) for a in actions]  # type: ignore[attr-defined]

    def chosen(self) -> str:
        return str(self.cleaned_data["action"]) if self.is_valid() else ""


class SectionDecisionForm(forms.Form):
    title = forms.CharField(
        label="Rubrik",
        max_length=300,
        error_messages={"required": "Paragrafen måste ha en rubrik."},
    )
    decision = forms.CharField(
        label="Beslut", required=False, strip=False, widget=forms.Textarea(attrs={"rows": 6})
    )


SHA256_ERROR = (
    "Protokollets kontrollsumma saknas eller är fel. Läs protokollet igen och justera sedan."
)


def _sha256_field() -> forms.RegexField:
    return forms.RegexField(
        regex=r"^[0-9a-f]{64}\Z",
        widget=forms.HiddenInput,
        error_messages={"required": SHA256_ERROR, "invalid": SHA256_ERROR},
    )


class AttestForm(forms.Form):
    """The signatory confirms having read the text whose checksum the page carried."""

    confirm = forms.BooleanField(
        label="Jag har läst protokollet och justerar det.",
        error_messages={"required": "Bekräfta att du har läst protokollet."},
    )
    content_sha256 = _sha256_field()


class SectionAttestForm(forms.Form):
    content_sha256 = _sha256_field()


def _item_choices(items: Sequence[AgendaItem]) -> list[tuple[str, str]]:
    return [("", "–"), *((str(i.pk), str(i.position)) for i in items)]


class AttendanceForm(forms.Form):
    """One set of fields per called person: present or absent, whom a substitute serves
    for, and the agenda items at which they arrived and after which they left. Field
    names: `status_<person>`, `replaces_<person>`, `arrived_<person>`, `left_<person>`."""

    def __init__(
        self,
        *args: Any,
        members: Sequence[Any],
        substitutes: Sequence[Any],
        items: Sequence[AgendaItem],
        recorded: dict[int, Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.members, self.substitutes = list(members), list(substitutes)
        items_choices = _item_choices(items)
        member_choices = [
            ("", "–"),
            *((str(m.person.pk), f"{m.person.name} ({m.party_letters})") for m in self.members),
        ]
        for m in self.members + self.substitutes:
            pk, name = m.person.pk, m.person.name
            a = recorded.get(pk)
            is_substitute = m in self.substitutes
            self.fields[f"status_{pk}"] = forms.ChoiceField(
                label=f"Närvaro för {name}",
                choices=[
                    ("", "–"),
                    ("present", "Tjänstgör" if is_substitute else "Närvarande"),
                    ("absent", "Frånvarande"),
                ],
                required=False,
                initial=("present" if a.present else "absent") if a else "",
                widget=forms.Select(attrs={"aria-label": f"Närvaro för {name}"}),
            )
            if is_substitute:
                self.fields[f"replaces_{pk}"] = self._choice(
                    f"{name} ersätter", member_choices, a.replaces_id if a else None
                )
            self.fields[f"arrived_{pk}"] = self._choice(
                f"{name} kom under punkt (tjänstgör från nästa)",
                items_choices,
                a.arrived_at_item_id if a else None,
            )
            self.fields[f"left_{pk}"] = self._choice(
                f"{name} gick efter punkt", items_choices, a.left_after_item_id if a else None
            )

    @staticmethod
    def _choice(label: str, choices: list[tuple[str, str]], initial: object) -> forms.Field:
        return forms.TypedChoiceField(
            label=label,
            choices=choices,
            coerce=int,
            empty_value=None,
            required=False,
            initial=initial,
            widget=forms.Select(attrs={"aria-label": label}),
        )

    def rows(self, memberships: Sequence[Any]) -> list[dict[str, Any]]:
        """The bound fields per person, for the table."""
        rows = []
        for m in memberships:
            pk = m.person.pk
            rows.append(
                {
                    "m": m,
                    **{
                        key: self[f"{key}_{pk}"]
                        for key in ("status", "replaces", "arrived", "left")
                        if f"{key}_{pk}" in self.fields
                    },
                }
            )
        return rows

    def records(self) -> list[dict[str, Any]]:
        """What to record per person who was marked present or absent: the person's
        membership, whether present, and the pks of replaced person and items."""
        d = self.cleaned_data
        return [
            {
                "membership": m,
                "present": d[f"status_{m.person.pk}"] == "present",
                "replaces": d.get(f"replaces_{m.person.pk}"),
                "arrived": d[f"arrived_{m.person.pk}"],
                "left": d[f"left_{m.person.pk}"],
            }
            for m in self.members + self.substitutes
            if d.get(f"status_{m.person.pk}") in ("present", "absent")
        ]


# --- The secretary's plan ------------------------------------------------------------------


class MeetingSeriesForm(forms.Form):
    """A series from a rule: "the second Monday each month except July"."""

    year = forms.IntegerField(label="År", min_value=1900, max_value=2200)
    ordinal = forms.TypedChoiceField(
        label="Vilken i månaden",
        coerce=int,
        choices=[(1, "Första"), (2, "Andra"), (3, "Tredje"), (4, "Fjärde"), (-1, "Sista")],
    )
    weekday = forms.TypedChoiceField(
        label="Veckodag",
        coerce=int,
        choices=[(i, name.capitalize()) for i, name in enumerate(rules.WEEKDAY_NAMES)],
    )
    months_excluded = forms.TypedMultipleChoiceField(
        label="Utom månaderna",
        coerce=int,
        required=False,
        choices=[(i, name.capitalize()) for i, name in enumerate(rules.MONTH_NAMES, start=1)],
        widget=forms.CheckboxSelectMultiple,
    )
    start_time = forms.TimeField(
        label="Starttid", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end_time = forms.TimeField(
        label="Sluttid",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    place = forms.CharField(label="Plats", max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", "Sammanträdet måste sluta efter att det börjat.")
        if len(data.get("months_excluded") or []) == 12:
            self.add_error("months_excluded", "Alla månader är undantagna; regeln ger inga datum.")
        return data

    def days(self) -> list[Any]:
        d = self.cleaned_data
        return rules.series_dates(
            d["year"],
            weekday=d["weekday"],
            ordinal=d["ordinal"],
            months_excluded=d["months_excluded"] or (),
        )

    def description(self) -> str:
        d = self.cleaned_data
        return rules.series_description(d["weekday"], d["ordinal"], d["months_excluded"] or ())


class MeetingMoveForm(forms.Form):
    date = forms.DateField(label="Ny dag", widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(
        label="Starttid", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end_time = forms.TimeField(
        label="Sluttid",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    place = forms.CharField(label="Plats", max_length=200, required=False)
    # Set when the secretary has seen the warning about the notice and moves anyway.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class MeetingCancelForm(forms.Form):
    reason = forms.CharField(label="Skäl (skickas till de kallade)", max_length=300, required=False)
    confirm = forms.BooleanField(
        label="Ja, ställ in sammanträdet",
        error_messages={"required": "Bekräfta att sammanträdet ska ställas in."},
    )


class NoticeConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label="Jag har granskat förhandsvisningen och vill skicka kallelsen",
        error_messages={"required": "Bekräfta utskicket efter att ha granskat förhandsvisningen."},
    )


class NoticeGroupForm(forms.Form):
    grupp = forms.ChoiceField(
        choices=[("kallade", "Ledamöter och ersättare"), ("gaster", "Övriga kallade")]
    )

    def insider(self) -> bool:
        return bool(self.cleaned_data["grupp"] == "kallade")


class GuestForm(forms.Form):
    name = forms.CharField(label="Namn", max_length=200)
    role = forms.CharField(label="Roll", max_length=200, required=False)
    email = forms.EmailField(label="E-post", required=False)


class OthersPresentForm(forms.Form):
    """Övriga närvarande: the body's persons without a seat (the secretary, officials)
    with their role, and the meeting's guests who were there."""

    def __init__(
        self,
        *args: Any,
        candidates: Sequence[Any] = (),
        guests: Sequence[Any] = (),
        recorded: dict[int, str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        recorded = recorded or {}
        self.candidates = list(candidates)
        self.guests = list(guests)
        for m in self.candidates:
            pk = m.person_id
            self.fields[f"other_{pk}"] = forms.BooleanField(
                label=m.person.name, required=False, initial=pk in recorded
            )
            self.fields[f"other_role_{pk}"] = forms.CharField(
                label=f"Roll för {m.person.name}",
                max_length=200,
                required=False,
                initial=recorded.get(pk) or m.get_role_display(),
            )
        for g in self.guests:
            self.fields[f"guest_{g.pk}"] = forms.BooleanField(
                label=g.name + (f", {g.role}" if g.role else ""),
                required=False,
                initial=g.present,
            )

    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "m": m,
                "present": self[f"other_{m.person_id}"],
                "role": self[f"other_role_{m.person_id}"],
            }
            for m in self.candidates
        ]

    def guest_rows(self) -> list[Any]:
        return [self[f"guest_{g.pk}"] for g in self.guests]

    def persons(self) -> dict[Any, str]:
        d = self.cleaned_data
        return {
            m.person: d[f"other_role_{m.person_id}"]
            for m in self.candidates
            if d.get(f"other_{m.person_id}")
        }

    def guests_present(self) -> list[int]:
        return [g.pk for g in self.guests if self.cleaned_data.get(f"guest_{g.pk}")]


class CorrectionForm(forms.Form):
    section_number = forms.TypedChoiceField(
        label="Var", coerce=int, empty_value=None, required=False, choices=()
    )
    wrong_text = forms.CharField(
        label="Står i protokollet", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    corrected_text = forms.CharField(
        label="Ska vara", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    reason = forms.CharField(
        label="Skäl", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )

    def __init__(self, *args: Any, sections: Sequence[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["section_number"]
        field.choices = [("", "Protokollets huvud (närvaro m.m.)")] + [
            (s["number"], f"§ {s['number']} {s['title']}"[:90]) for s in sections
        ]


class CorrectionAttestForm(forms.Form):
    content_sha256 = forms.RegexField(
        regex=r"^[0-9a-f]{64}$",
        error_messages={
            "required": "Rättelsens kontrollsumma saknas.",
            "invalid": "Rättelsens kontrollsumma är fel.",
        },
        widget=forms.HiddenInput,
    )


# --- The meeting law: notices of absence, calling substitutes, the body's rules ----------


class AbsenceReportForm(forms.Form):
    note = forms.CharField(
        label="Meddelande till sekretariatet (frivilligt)",
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


NOTICE_ERROR = "Anmälan om förhinder finns inte. Ladda om sidan och försök igen."


class SubstituteCallForm(forms.Form):
    """Which notice of absence to call a substitute for (a hidden field per button)."""

    notice = forms.IntegerField(
        min_value=1,
        max_value=2**31 - 1,
        widget=forms.HiddenInput,
        error_messages={
            "required": NOTICE_ERROR,
            "invalid": NOTICE_ERROR,
            "min_value": NOTICE_ERROR,
            "max_value": NOTICE_ERROR,
        },
    )


class MeetingRulesForm(forms.ModelForm):
    class Meta:
        model = MeetingRules
        fields = [
            "quorum_minimum",
            "cases_ready_days",
            "notice_days",
            "attestation_days",
            "posting_days",
            "appeal_days",
            "default_place",
            "minutes_kept_at",
        ]
        help_texts = {
            "cases_ready_days": "Räknas bakåt från sammanträdet; en helgdag flyttas till "
            "närmast föregående vardag.",
            "notice_days": "Räknas bakåt från sammanträdet; en helgdag flyttas till närmast "
            "föregående vardag.",
            "attestation_days": "Justeringen kan inte planeras före sammanträdet eller senare "
            "än så här många dagar efter det.",
            "appeal_days": "Räknas från dagen då protokollet anslås.",
        }
