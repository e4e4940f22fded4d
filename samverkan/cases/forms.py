from django import forms

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
