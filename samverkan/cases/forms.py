from typing import Any

from django import forms

from samverkan.structure.forms import (
    BoundedModelChoiceField,
    BoundedModelMultipleChoiceField,
    year_field,
)

from .models import Handling, PartyResponse


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
    case_type = BoundedModelChoiceField(
        label="Ärendetyp",
        queryset=PartyResponse.objects.none(),
        required=False,
        help_text="Ärendetypen ger den planerade ärendegången (organen ärendet passerar).",
        error_messages={"invalid_choice": "Välj en ärendetyp i listan."},
    )
    case_officer = BoundedModelChoiceField(
        label="Handläggare",
        queryset=PartyResponse.objects.none(),
        required=False,
        error_messages={"invalid_choice": "Välj en handläggare i listan."},
    )

    def __init__(self, *args: object, series: object = None, **kwargs: object) -> None:
        from django.db.models import Q

        from .models import CaseSeries, CaseType
        from .selectors import case_officer_candidates

        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        # Only the series the user registers in (the access policy's registrars).
        self.fields["series"].queryset = series if series is not None else CaseSeries.objects.none()  # type: ignore[attr-defined]
        # The types of those series and the shared ones (the service checks the pair).
        self.fields["case_type"].queryset = CaseType.objects.filter(  # type: ignore[attr-defined]
            Q(series__in=self.fields["series"].queryset) | Q(series__isnull=True)  # type: ignore[attr-defined]
        ).order_by("name")
        self.fields["case_officer"].queryset = case_officer_candidates()  # type: ignore[attr-defined]


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

    def clean_q(self) -> str:
        from .selectors import CASE_NUMBER, REGISTRY_TEXT_MIN

        text = str(self.cleaned_data.get("q") or "").strip()
        if text and len(text) < REGISTRY_TEXT_MIN and not CASE_NUMBER.match(text):
            raise forms.ValidationError(
                f"Skriv minst {REGISTRY_TEXT_MIN} tecken att filtrera på, eller ett diarienummer."
            )
        return text

    def filters(self) -> tuple[str, int | None]:
        """The valid filters; an invalid one is left out (and its message shown)."""
        self.is_valid()
        return self.cleaned_data.get("q") or "", self.cleaned_data.get("ar")


class CaseListFilterForm(forms.Form):
    """`/arenden/?ar=&serie=`: a year and a series narrow the case list."""

    ar = year_field()
    serie = forms.ChoiceField(
        label="Serie",
        required=False,
        error_messages={"invalid_choice": "Välj en av serierna i listan."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from .models import CaseSeries

        super().__init__(*args, **kwargs)
        codes = CaseSeries.objects.order_by("code").values_list("code", flat=True).distinct()
        self.fields["serie"].choices = [("", "Alla")] + [(c, c) for c in codes]  # type: ignore[attr-defined]

    def filters(self) -> dict[str, Any]:
        """The valid filters; an invalid one is left out (and its message shown)."""
        self.is_valid()
        d = self.cleaned_data
        return {"year": d.get("ar"), "series_code": d.get("serie") or ""}


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


# --- The registrar's pages: the case, its handlings, decisions and recommendations -------

DATE_WIDGET = forms.DateInput(attrs={"type": "date"})
CHOICE_ERRORS = {"invalid_choice": "Välj ett av alternativen i listan."}


def _date(label: str, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Ange ett datum som ÅÅÅÅ-MM-DD.", "required": "Ange datum."},
    )


def _choice(label: str, required: bool = True, help_text: str = "") -> BoundedModelChoiceField:
    return BoundedModelChoiceField(
        label=label,
        queryset=PartyResponse.objects.none(),
        required=required,
        help_text=help_text,
        error_messages=CHOICE_ERRORS,
    )


class CaseEditForm(forms.Form):
    title = forms.CharField(label="Ärendemening", max_length=400)
    description = forms.CharField(
        label="Beskrivning", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    case_type = _choice(
        "Ärendetyp", required=False, help_text="Ärendetypen ger den planerade ärendegången."
    )
    case_officer = _choice(
        "Handläggare", required=False, help_text="Väljs bland personer med användarkonto."
    )
    closed_on = forms.DateField(
        label="Avslutat",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Dagen ärendet avslutades; lämna tomt för ett öppet ärende.",
    )

    def __init__(self, *args: Any, case_types: Any, officers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case_type"].queryset = case_types  # type: ignore[attr-defined]
        self.fields["case_officer"].queryset = officers  # type: ignore[attr-defined]


class HandlingForm(forms.Form):
    body = _choice("Organ")
    kind = forms.ChoiceField(
        label="Typ av behandling", choices=Handling.Kind.choices, error_messages=CHOICE_ERRORS
    )
    date = _date("Datum")
    summary = forms.CharField(
        label="Sammanfattning", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, bodies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    body = _choice("Beslutande organ")
    date = _date("Beslutsdatum")
    text = forms.CharField(label="Beslut", widget=forms.Textarea(attrs={"rows": 4}))
    founds_body = _choice(
        "Beslutet inrättar organet",
        required=False,
        help_text="Organet finns i strukturen från beslutsdagen (eller dagen nedan).",
    )
    dissolves_body = _choice(
        "Beslutet avvecklar organet",
        required=False,
        help_text="Organet och dess uppdrag upphör från beslutsdagen (eller dagen nedan).",
    )
    effective_on = _date(
        "Gäller från",
        required=False,
        help_text="Lämnas tomt om ändringen i strukturen gäller från beslutsdagen.",
    )

    def __init__(
        self, *args: Any, bodies: Any, to_found: Any, to_dissolve: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies  # type: ignore[attr-defined]
        self.fields["founds_body"].queryset = to_found  # type: ignore[attr-defined]
        self.fields["dissolves_body"].queryset = to_dissolve  # type: ignore[attr-defined]


class RecommendationIssueForm(forms.Form):
    title = forms.CharField(label="Rubrik", max_length=300)
    text = forms.CharField(label="Rekommendation", widget=forms.Textarea(attrs={"rows": 5}))
    proposed_by = forms.CharField(label="Föreslagen av", max_length=200, required=False)
    issued_on = _date("Utfärdad")
    answer_by = _date("Svar senast", required=False)
    parties = BoundedModelMultipleChoiceField(
        label="Till parterna",
        queryset=PartyResponse.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Välj minst en part.",
            "invalid_choice": "Välj parter i listan.",
            "invalid_pk_value": "Välj parter i listan.",
        },
    )

    def __init__(self, *args: Any, parties: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parties"].queryset = parties  # type: ignore[attr-defined]


class CaseTypeForm(forms.Form):
    name = forms.CharField(label="Namn på ärendetypen", max_length=200)
    series = _choice("Diarieserie", required=False)

    def __init__(self, *args: Any, series: Any, shared_allowed: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["series"]
        field.queryset = series  # type: ignore[attr-defined]
        field.required = not shared_allowed
        field.empty_label = "Gemensam för alla serier" if shared_allowed else "Välj serie"  # type: ignore[attr-defined]


class FlowStepForm(forms.Form):
    body = _choice("Organ", required=False)
    purpose = forms.CharField(label="Syfte", max_length=200, required=False)

    def __init__(self, *args: Any, bodies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies  # type: ignore[attr-defined]


class FlowStepFormSet(forms.BaseFormSet):
    def steps(self) -> list[tuple[Any, str]]:
        """The steps in the order given (ORDER), without removed or empty rows."""
        rows = []
        for i, form in enumerate(self.forms):
            d = form.cleaned_data
            if not d or d.get("DELETE") or not d.get("body"):
                continue
            rows.append((d.get("ORDER") or (i + 1) * 1000, i, d["body"], d.get("purpose", "")))
        return [(body, purpose) for _order, _i, body, purpose in sorted(rows)]


FlowSteps = forms.formset_factory(
    FlowStepForm, formset=FlowStepFormSet, extra=2, can_order=True, can_delete=True, max_num=30
)


class PartyAddressForm(forms.Form):
    email = forms.EmailField(
        label="E-post (registratur)",
        required=False,
        help_text="Dit protokollsutdrag och rekommendationer skickas. Lämnas tomt om parten saknar adress.",
        error_messages={"invalid": "Ange en giltig e-postadress, t.ex. registrator@kommun.se."},
    )
