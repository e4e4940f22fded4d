"""Forms of follow-up. They parse and bound input; the rules are in rules.py and the
services."""

import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet

from samverkan.structure.forms import BoundedModelChoiceField, year_field
from samverkan.structure.models import Body, Party, Person

from .models import Assignment

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"invalid": "Skriv datumet som ÅÅÅÅ-MM-DD.", "required": "Ange ett datum."}


def _date(label: str, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=DATE_WIDGET, error_messages=DATE_ERRORS
    )


class AssignmentForm(forms.Form):
    title = forms.CharField(
        label="Uppdrag",
        max_length=300,
        error_messages={"required": "Ge uppdraget en rubrik."},
    )
    description = forms.CharField(
        label="Beskrivning", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    owner_person = BoundedModelChoiceField(
        label="Ansvarig person", queryset=Person.objects.none(), required=False
    )
    owner_party = BoundedModelChoiceField(
        label="eller ansvarig part", queryset=Party.objects.none(), required=False
    )
    owner_body = BoundedModelChoiceField(
        label="eller ansvarigt organ", queryset=Body.objects.none(), required=False
    )
    decided_on = _date("Beslutat")
    deadline = _date("Klart senast")
    review_on = _date("Avstämning", required=False)

    def __init__(
        self,
        *args: Any,
        persons: QuerySet[Person],
        parties: QuerySet[Party],
        bodies: QuerySet[Body],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_person"].queryset = persons  # type: ignore[attr-defined]
        self.fields["owner_party"].queryset = parties  # type: ignore[attr-defined]
        self.fields["owner_body"].queryset = bodies  # type: ignore[attr-defined]
        for name in ("owner_person", "owner_party", "owner_body"):
            self.fields[name].empty_label = "—"  # type: ignore[attr-defined]
        for name in ("decided_on", "deadline", "review_on"):
            self.fields[name].widget.attrs["min"] = "2000-01-01"


class AssignmentCreateForm(AssignmentForm):
    """A new assignment from a source whose own body is unknown asks which body follows
    it up (a recommendation issued outside the minutes)."""

    body = BoundedModelChoiceField(
        label="Följs upp av", queryset=Body.objects.none(), required=False
    )

    def __init__(
        self, *args: Any, follow_up_bodies: QuerySet[Body] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if follow_up_bodies is None:
            del self.fields["body"]
        else:
            self.fields["body"].queryset = follow_up_bodies  # type: ignore[attr-defined]
            self.fields["body"].required = True
            self.fields["body"].error_messages["required"] = (
                "Välj vilket organ som följer upp uppdraget."
            )
            self.order_fields(["title", "description", "body"])


class AssignmentEditForm(AssignmentForm):
    status = forms.ChoiceField(label="Status", choices=Assignment.Status.choices)


class ProgressReportForm(forms.Form):
    date = _date("Datum")
    text = forms.CharField(
        label="Lägesrapport",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={"required": "Skriv vad som har hänt."},
    )
    percent = forms.IntegerField(
        label="Andel klart (%)",
        required=False,
        min_value=0,
        max_value=100,
        error_messages={
            "min_value": "Andelen klart anges i procent, 0–100.",
            "max_value": "Andelen klart anges i procent, 0–100.",
            "invalid": "Ange andelen klart som ett heltal, 0–100.",
        },
    )

    def __init__(self, *args: Any, today: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = today
        self.fields["date"].widget.attrs["max"] = today.isoformat()


class ReportYearForm(forms.Form):
    ar = year_field()


STATE_CHOICES = [
    ("", "Alla"),
    ("not_started", "Ej påbörjade"),
    ("ongoing", "Pågående"),
    ("late", "Försenade"),
    ("done", "Klara"),
    ("cancelled", "Avbrutna"),
]


class AssignmentFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        choices=STATE_CHOICES,
        required=False,
        error_messages={"invalid_choice": "Okänd status."},
    )
