from typing import Any

from django import forms

from samverkan.structure.forms import BoundedModelChoiceField, year_field

from .models import PartyResponse


class PartyResponseForm(forms.Form):
    status = forms.ChoiceField(label="Partens beslut", choices=PartyResponse.Status.choices)
    decision_reference = forms.CharField(
        label="Partens beslutsreferens",
        max_length=200,
        required=False,
        help_text="T.ex. KF § 45, dnr KS 2026/123.",
    )
    decided_on = forms.DateField(
        label="Beslutsdatum", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label="Anteckning", max_length=300, required=False)
    document = forms.FileField(label="Partens beslut (fil)", required=False)


class CaseRegisterForm(forms.Form):
    series: forms.ModelChoiceField = forms.ModelChoiceField(label="Serie", queryset=None)
    title = forms.CharField(label="Ärendemening", max_length=400)
    existing_number = forms.CharField(
        label="Befintligt diarienummer",
        max_length=40,
        required=False,
        help_text="Lämnas tomt för nästa nummer i serien; ange t.ex. RS/418/2025 för ett befintligt.",
    )
    registered_on = forms.DateField(
        label="Registreringsdatum", widget=forms.DateInput(attrs={"type": "date"})
    )
    description = forms.CharField(
        label="Beskrivning", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: object, series: object = None, **kwargs: object) -> None:
        from .models import CaseSeries

        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        # Only the series the user registers in (the access policy's registrars).
        self.fields["series"].queryset = series if series is not None else CaseSeries.objects.none()  # type: ignore[attr-defined]


class EntryForm(forms.Form):
    date = forms.DateField(label="Datum", widget=forms.DateInput(attrs={"type": "date"}))
    direction = forms.ChoiceField(
        label="Riktning",
        choices=[
            ("received", "Inkommen"),
            ("sent", "Upprättad och expedierad"),
            ("drawn_up", "Upprättad"),
        ],
    )
    counterpart = forms.CharField(label="Avsändare/mottagare", max_length=300, required=False)
    description = forms.CharField(label="Kort beskrivning", max_length=500)
    file = forms.FileField(label="Handling (fil)", required=False)
    counterpart_protected = forms.BooleanField(
        label="Avsändare/mottagare omfattas av sekretess", required=False
    )
    description_protected = forms.BooleanField(
        label="Beskrivningen omfattas av sekretess", required=False
    )
    document_confidential = forms.BooleanField(
        label="Handlingen omfattas av sekretess", required=False
    )
    confidentiality_ground = forms.CharField(
        label="Sekretessgrund", max_length=100, required=False, help_text="T.ex. OSL 21 kap. 1 §."
    )


QUERY_MAX = 200


class QueryTextField(forms.CharField):
    """Free search text: trimmed and cut at QUERY_MAX characters rather than refused."""

    def to_python(self, value: Any) -> str:
        return str(super().to_python(value))[:QUERY_MAX]


class RegistryFilterForm(forms.Form):
    """`/diarium/?q=&ar=`."""

    q = QueryTextField(label="Filtrera", required=False)
    ar = year_field()

    def filters(self) -> tuple[str, int | None]:
        """The valid filters; an invalid one is left out (and its message shown)."""
        self.is_valid()
        return self.cleaned_data.get("q") or "", self.cleaned_data.get("ar")


RESPONSE_ERROR = "Välj en part som rekommendationen gäller."


class ResponseChoiceForm(forms.Form):
    """Which party's response a posted form belongs to (the hidden field `response`)."""

    response = BoundedModelChoiceField(
        label="Part",
        queryset=PartyResponse.objects.none(),
        error_messages={"required": RESPONSE_ERROR, "invalid_choice": RESPONSE_ERROR},
    )

    def __init__(self, *args: Any, responses: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["response"].queryset = responses  # type: ignore[attr-defined]
