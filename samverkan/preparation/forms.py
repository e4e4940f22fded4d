"""Forms of preparation: every POST through a form, Swedish messages, no rules beyond
what a field must look like (the rules are in services and the access policy)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from samverkan.access import policy
from samverkan.access.policy import PUBLIC, Audience
from samverkan.structure.forms import BoundedModelChoiceField
from samverkan.structure.models import Body, Person

from .models import Preparation, Reviewer


class PreparationForm(forms.ModelForm):
    """The tjänsteskrivelse template. The case is a real reference: the number typed must
    name a registered case that passes the body."""

    case_number = forms.CharField(
        label="Diarienummer",
        max_length=40,
        required=False,
        help_text="Ett registrerat ärende, t.ex. RS/418/2025 (frivilligt).",
    )

    class Meta:
        model = Preparation
        fields = [
            "title",
            "case_number",
            "background",
            "assessment",
            "proposed_decision",
            "dispatch_to",
            "consequences_children",
            "consequences_parties",
            "contact",
            "is_public",
            "confidentiality_ground",
        ]
        widgets = {
            "background": forms.Textarea(attrs={"rows": 6}),
            "assessment": forms.Textarea(attrs={"rows": 6}),
            "proposed_decision": forms.Textarea(attrs={"rows": 3}),
            "dispatch_to": forms.Textarea(attrs={"rows": 3}),
            "consequences_children": forms.Textarea(attrs={"rows": 3}),
            "consequences_parties": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(
        self,
        *args: Any,
        audience: Audience = PUBLIC,
        bodies: QuerySet[Body] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.audience = audience
        if bodies is not None:
            # A new draft: the bodies the user prepares for.
            self.fields = {
                "body": BoundedModelChoiceField(
                    label="Organ",
                    queryset=bodies,
                    empty_label=None,
                    help_text="Organet som ska behandla ärendet.",
                ),
                **self.fields,
            }
        if self.instance.pk and self.instance.case_id:
            self.initial.setdefault("case_number", self.instance.case.case_number)

    def _body_id(self) -> int:
        body = self.cleaned_data.get("body")
        if body is not None:
            return int(body.pk)
        return int(self.instance.body_id or 0)

    def clean_case_number(self) -> object:
        text = self.cleaned_data.get("case_number", "").strip()
        if not text:
            return None
        parts = [p.strip() for p in text.split("/")]
        if (
            len(parts) != 3
            or not (parts[1].isdecimal() and parts[2].isdecimal())
            or len(parts[1]) > 9
            or len(parts[2]) != 4
            or not parts[1].isascii()
        ):
            raise ValidationError("Ange diarienumret som SERIE/nummer/år, t.ex. RS/418/2025.")
        Case = Preparation._meta.get_field("case").related_model
        case = Case.objects.filter(  # type: ignore[union-attr]
            series__code=parts[0].upper(), number=int(parts[1]), year=int(parts[2])
        ).first()
        if case is None:
            raise ValidationError(f"Det finns inget ärende {text} i diariet.")
        return case

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        case = data.pop("case_number", None)
        if "case_number" not in self.errors:
            if case is not None and case.pk != self.instance.case_id:
                Case = type(case)
                linkable = Case.objects.filter(
                    policy.case_linkable_q(self.audience, self._body_id())
                )
                if not linkable.filter(pk=case.pk).exists():
                    self.add_error(
                        "case_number",
                        f"Ärendet {case.case_number} går inte genom det här organet. Be "
                        "registratorn för serien att lägga ärendet hit.",
                    )
            data["case"] = case
        return data

    def content(self) -> dict[str, Any]:
        """The cleaned fields the services take."""
        data = dict(self.cleaned_data)
        data.pop("body", None)
        return data


class BodyPrefillForm(forms.Form):
    """?organ=<slug> on the new draft's page: the body chosen beforehand."""

    organ = forms.SlugField(required=False, max_length=100)


class DocumentForm(forms.Form):
    title = forms.CharField(label="Titel", max_length=300)
    file = forms.FileField(label="Fil (PDF, Word eller text)")
    confidentiality_ground = forms.CharField(
        label="Sekretessgrund för handlingen",
        max_length=100,
        required=False,
        help_text="Bara om handlingen själv innehåller sekretessuppgifter, t.ex. ”OSL 25 kap. 1 §”.",
    )


class ReviewForm(forms.Form):
    action = forms.ChoiceField(
        label="Beslut",
        choices=[("approve", "Godkänn för dagordning"), ("return", "Återsänd till författaren")],
    )
    comment = forms.CharField(
        label="Kommentar",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Krävs när ärendet återsänds.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == "return" and not data.get("comment", "").strip():
            self.add_error("comment", "Skriv varför ärendet återsänds.")
        return data


class PlaceForm(forms.Form):
    meeting = BoundedModelChoiceField(
        label="Sammanträde", queryset=Body.objects.none(), empty_label=None
    )

    def __init__(self, *args: Any, meetings: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["meeting"]
        field.queryset = meetings  # type: ignore[attr-defined]
        field.label_from_instance = lambda m: (  # type: ignore[attr-defined]
            f"{m.date:%Y-%m-%d} {m.start_time:%H:%M}{' – ' + m.place if m.place else ''}"
        )


class ReviewerForm(forms.Form):
    person = BoundedModelChoiceField(label="Person", queryset=Person.objects.none())
    role_label = forms.CharField(
        label="Roll",
        max_length=100,
        required=False,
        help_text="T.ex. ”ordförande”, ”samverkansledare”.",
    )

    def __init__(self, *args: Any, persons: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = persons  # type: ignore[attr-defined]


class ReviewerRemoveForm(forms.Form):
    remove = BoundedModelChoiceField(queryset=Reviewer.objects.none(), widget=forms.HiddenInput)

    def __init__(self, *args: Any, reviewers: QuerySet[Reviewer], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["remove"].queryset = reviewers  # type: ignore[attr-defined]
