"""Forms of shared costs. They only take input; the rules are in services.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from samverkan.structure.models import Party

from .models import AllocationKey, KeyComponent

NEGATIVE_AMOUNT = "Beloppet kan inte vara negativt."


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class PartyChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class PartiesChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class PopulationFigureForm(forms.Form):
    party = PartyChoice(label="Part", queryset=Party.objects.none())
    reference_date = forms.DateField(label="Referensdag", widget=DateInput())
    population = forms.IntegerField(
        label="Folkmängd",
        min_value=0,
        error_messages={"min_value": "Folkmängden kan inte vara negativ."},
    )
    source = forms.CharField(
        label="Källa",
        max_length=300,
        help_text="T.ex. ”SCB, folkmängd 2024-12-31”.",
    )

    def __init__(self, *args: Any, parties: QuerySet[Party], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = parties  # type: ignore[attr-defined]


class AllocationKeyForm(forms.Form):
    name = forms.CharField(label="Namn", max_length=200)
    description = forms.CharField(
        label="Beskrivning", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    reference_date = forms.DateField(
        label="Referensdag för folkmängd",
        required=False,
        widget=DateInput(),
        help_text="Folkmängden den dagen eller närmast före. Tomt: väljs när en kostnad fördelas.",
    )


class KeyComponentForm(forms.Form):
    kind = forms.ChoiceField(
        label="Slag",
        required=False,
        choices=[("", "– ingen –"), *KeyComponent.Kind.choices],
    )
    percent = forms.DecimalField(
        label="Andel (%)",
        required=False,
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        # Typed the Swedish way (33,33) as well as 33.33.
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={
            "max_value": "En andel kan inte vara över 100 %%.",
            "min_value": "En andel kan inte vara negativ.",
        },
    )
    party = PartyChoice(label="Part (fast andel)", queryset=Party.objects.none(), required=False)
    parties = PartiesChoice(
        label="Parter (efter folkmängd eller lika delar)",
        queryset=Party.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, parties: QuerySet[Party], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = parties  # type: ignore[attr-defined]
        self.fields["parties"].queryset = parties  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") and data.get("percent") is None and "percent" not in self.errors:
            self.add_error("percent", "Ange andelen i procent.")
        if not data.get("kind") and (
            data.get("percent") or data.get("party") or data.get("parties")
        ):
            self.add_error(
                "kind", "Välj slag för delen (fast andel, efter folkmängd eller lika delar)."
            )
        return data


KeyComponentFormSet = forms.formset_factory(KeyComponentForm, extra=3, max_num=10)


class CostItemForm(forms.Form):
    year = forms.IntegerField(label="År", min_value=2000, max_value=2100)
    name = forms.CharField(label="Kostnad", max_length=200, help_text="T.ex. Samverkansledare.")
    amount = forms.IntegerField(
        label="Belopp (hela kronor)",
        min_value=0,
        error_messages={"min_value": NEGATIVE_AMOUNT},
    )
    key = forms.ModelChoiceField(label="Fördelningsnyckel", queryset=AllocationKey.objects.none())
    note = forms.CharField(
        label="Anteckning", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, keys: QuerySet[AllocationKey], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["key"].queryset = keys  # type: ignore[attr-defined]


class AllocationForm(forms.Form):
    reference_date = forms.DateField(
        label="Referensdag för folkmängd",
        required=False,
        widget=DateInput(),
        help_text="Varje parts senaste folkmängd den dagen eller före används.",
    )
