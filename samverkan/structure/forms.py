import datetime

from django import forms
from django.utils import timezone


class AsOfForm(forms.Form):
    datum = forms.DateField(
        label="Visa strukturen per",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Ange ett datum som ÅÅÅÅ-MM-DD."},
    )

    def day(self) -> datetime.date:
        if self.is_valid() and self.cleaned_data["datum"]:
            day: datetime.date = self.cleaned_data["datum"]
            return day
        return timezone.localdate()
