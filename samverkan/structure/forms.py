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


# --- Shared by the pages above structure: query parameters and bounded choices -----------

YEAR_MIN, YEAR_MAX = 1900, 2200
# The largest primary key the databases hold (a signed 64-bit integer).
PK_MAX = 2**63 - 1
YEAR_ERRORS = {
    "invalid": "Ange ett år med siffror, t.ex. 2026.",
    "min_value": f"Ange ett år mellan {YEAR_MIN} och {YEAR_MAX}.",
    "max_value": f"Ange ett år mellan {YEAR_MIN} och {YEAR_MAX}.",
}


def year_field(label: str = "År") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
        error_messages=YEAR_ERRORS,
    )


class YearForm(forms.Form):
    """`?ar=`: a year within bounds; anything else is a Swedish message on the page."""

    ar = year_field()

    def year(self) -> int | None:
        if self.is_valid():
            year: int | None = self.cleaned_data["ar"]
            return year
        return None


def is_pk(value: object) -> bool:
    """Whether a submitted value can be a primary key at all (a huge number would overflow
    the database's integer before the lookup could say "no such row")."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return False
    return 0 < number <= PK_MAX


class BoundedModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField that refuses values no primary key can have."""

    def to_python(self, value: object) -> object:
        if value not in self.empty_values and not is_pk(value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField that refuses values no primary key can have."""

    def _check_values(self, value: object) -> object:
        values = value if isinstance(value, (list, tuple)) else [value]
        for pk in values:
            if not is_pk(pk):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)  # type: ignore[misc]
