"""Forms of the meeting in the room: each names what is chosen from the meeting's own
items and those called, so nothing from outside the meeting can be sent."""

from typing import Any

from django import forms

from samverkan.meetings.models import AgendaItem, Ballot, Meeting, Vote
from samverkan.structure.models import Person

from .models import Speaker

ACTIONS = (
    "item",
    "close",
    "public",
    "arrive",
    "depart",
    "seat",
    "conflict",
    "speaker",
    "next_speaker",
    "withdraw",
    "motion",
    "vote_open",
    "ballot",
    "vote_close",
    "vote_cancel",
    "election",
    "decision",
    "open",
)
MEMBER_ACTIONS = ("ballot", "speaker")


class ActionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[],
        error_messages={"required": "Okänd åtgärd.", "invalid_choice": "Okänd åtgärd."},
    )

    def __init__(self, *args: Any, actions: tuple[str, ...] = ACTIONS, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [(a, a) for a in actions]  # type: ignore[attr-defined]


def _people(meeting: Meeting, person_ids: set[int]) -> Any:
    return Person.objects.filter(pk__in=person_ids).order_by("name")


class ItemForm(forms.Form):
    item = forms.ModelChoiceField(
        label="Punkt",
        queryset=AgendaItem.objects.none(),
        error_messages={
            "required": "Välj en punkt.",
            "invalid_choice": "Välj en punkt på dagordningen.",
        },
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = meeting.items.all()  # type: ignore[attr-defined]


class PersonForm(forms.Form):
    person = forms.ModelChoiceField(
        label="Person",
        queryset=Person.objects.none(),
        error_messages={
            "required": "Välj en person.",
            "invalid_choice": "Välj någon som är kallad.",
        },
    )

    def __init__(self, *args: Any, person_ids: set[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(pk__in=person_ids)  # type: ignore[attr-defined]


class SeatForm(forms.Form):
    substitute = forms.ModelChoiceField(
        label="Ersättare",
        queryset=Person.objects.none(),
        error_messages={
            "required": "Välj ersättaren.",
            "invalid_choice": "Välj en ersättare som är kallad.",
        },
    )
    member = forms.ModelChoiceField(
        label="I stället för",
        queryset=Person.objects.none(),
        error_messages={
            "required": "Välj ledamoten.",
            "invalid_choice": "Välj en ledamot i organet.",
        },
    )

    def __init__(
        self, *args: Any, substitute_ids: set[int], member_ids: set[int], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["substitute"].queryset = Person.objects.filter(pk__in=substitute_ids)  # type: ignore[attr-defined]
        self.fields["member"].queryset = Person.objects.filter(pk__in=member_ids)  # type: ignore[attr-defined]


class ConflictForm(PersonForm):
    substitute = forms.ModelChoiceField(
        label="Ersättare som tjänstgör i stället", queryset=Person.objects.none(), required=False
    )

    def __init__(
        self, *args: Any, person_ids: set[int], substitute_ids: set[int], **kwargs: Any
    ) -> None:
        super().__init__(*args, person_ids=person_ids, **kwargs)
        self.fields["substitute"].queryset = Person.objects.filter(pk__in=substitute_ids)  # type: ignore[attr-defined]


class SpeakerForm(PersonForm):
    kind = forms.ChoiceField(
        label="Slag", choices=Speaker.Kind.choices, initial=Speaker.Kind.SPEECH
    )


class SpeakerIdForm(forms.Form):
    speaker = forms.ModelChoiceField(
        queryset=Speaker.objects.none(), error_messages={"invalid_choice": "Talaren finns inte."}
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["speaker"].queryset = Speaker.objects.filter(agenda_item__meeting=meeting)  # type: ignore[attr-defined]


class MotionForm(PersonForm):
    text = forms.CharField(
        label="Yrkande",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Yrkandet saknar text."},
    )


class VoteOpenForm(forms.Form):
    question = forms.CharField(
        label="Proposition",
        max_length=300,
        error_messages={"required": "Ange propositionen som röstas om."},
    )
    yes_means = forms.CharField(label="Ja betyder", max_length=200, required=False)
    no_means = forms.CharField(label="Nej betyder", max_length=200, required=False)


class VoteForm(forms.Form):
    vote = forms.ModelChoiceField(
        queryset=Vote.objects.none(),
        error_messages={
            "required": "Ingen omröstning angiven.",
            "invalid_choice": "Omröstningen finns inte.",
        },
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["vote"].queryset = Vote.objects.filter(section__meeting=meeting)  # type: ignore[attr-defined]


class BallotForm(VoteForm):
    choice = forms.ChoiceField(
        label="Röst",
        choices=Ballot.Choice.choices,
        error_messages={
            "required": "Välj ja, nej eller avstår.",
            "invalid_choice": "Välj ja, nej eller avstår.",
        },
    )


class SecretaryBallotForm(BallotForm):
    person = forms.ModelChoiceField(
        label="Ledamot",
        queryset=Person.objects.none(),
        error_messages={
            "required": "Välj ledamoten.",
            "invalid_choice": "Välj någon som är kallad.",
        },
    )

    def __init__(self, *args: Any, meeting: Meeting, person_ids: set[int], **kwargs: Any) -> None:
        super().__init__(*args, meeting=meeting, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(pk__in=person_ids)  # type: ignore[attr-defined]


class ElectionForm(forms.Form):
    question = forms.CharField(
        label="Valet gäller", max_length=300, error_messages={"required": "Ange vad valet gäller."}
    )
    tally = forms.CharField(
        label="Röster per kandidat",
        help_text="En kandidat per rad: Namn: antal röster",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        error_messages={"required": "Ange kandidaterna och deras röster."},
    )

    def clean_tally(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for line in str(self.cleaned_data["tally"]).splitlines():
            if not line.strip():
                continue
            name, sep, number = line.rpartition(":")
            name, number = name.strip()[:200], number.strip()
            # isascii: "²" and other digits that int() does not read are refused here.
            if not sep or not name or not (number.isascii() and number.isdigit()):
                raise forms.ValidationError(f"Skriv raden ”{line.strip()[:60]}” som Namn: antal.")
            if len(number) > 6:
                raise forms.ValidationError(f"Orimligt antal röster för {name}: {number[:12]}.")
            if len(counts) >= 50:
                raise forms.ValidationError("Högst 50 kandidater.")
            counts[name] = counts.get(name, 0) + int(number)
        if not counts:
            raise forms.ValidationError("Ange kandidaterna och deras röster.")
        return counts


class DecisionForm(forms.Form):
    decision = forms.CharField(
        label="Beslut",
        strip=False,
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class PublicForm(forms.Form):
    open_to_public = forms.BooleanField(label="Visa på den publika webbsändningen", required=False)
