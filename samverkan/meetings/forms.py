import io

from django import forms
from django.core.exceptions import ValidationError
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from samverkan.structure.models import Person

from .models import AgendaItem, Ballot, Meeting


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
        ]
        widgets = {
            "planned_start": forms.TimeInput(attrs={"type": "time"}),
            "description": forms.Textarea(attrs={"rows": 5}),
            "proposed_decision": forms.Textarea(attrs={"rows": 3}),
            "dispatch_to": forms.Textarea(attrs={"rows": 2}),
        }


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
    person = forms.ModelChoiceField(label="Person", queryset=Person.objects.none())

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
    substitute = forms.ModelChoiceField(
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
    attesters = forms.ModelMultipleChoiceField(
        label="Justerare", queryset=Person.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    place = forms.CharField(label="Justeringens plats", max_length=200, required=False)
    date = forms.DateField(
        label="Justeringsdag", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: object, present: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["attesters"].queryset = present  # type: ignore[attr-defined]
