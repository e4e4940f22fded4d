"""The query parameters of the meeting load pages: a year, two days, a party. Anything
else gives a Swedish message on the page (and the defaults), never an error page."""

import datetime

from django import forms
from django.utils import timezone

from samverkan.structure.forms import year_field
from samverkan.structure.models import Collaboration, Party

from .selectors import NO_PARTY

DATE_ERRORS = {"invalid": "Ange ett datum som ÅÅÅÅ-MM-DD, t.ex. 2015-01-01."}


class LoadYearForm(forms.Form):
    ar = year_field()

    def year(self) -> int:
        if self.is_valid() and self.cleaned_data["ar"]:
            year: int = self.cleaned_data["ar"]
            return year
        return timezone.localdate().year


class ComparisonForm(forms.Form):
    fran = forms.DateField(
        label="Första datum",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages=DATE_ERRORS,
    )
    till = forms.DateField(
        label="Andra datum",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages=DATE_ERRORS,
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        for name in ("fran", "till"):
            day = data.get(name)
            if day is not None and not (1900 <= day.year <= 2200):
                self.add_error(name, "Ange ett datum mellan år 1900 och 2200.")
        return data

    def days(
        self, defaults: tuple[datetime.date, datetime.date]
    ) -> tuple[datetime.date, datetime.date]:
        """The two days asked for; where one is missing or wrong, its default."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if self.is_bound and not data:
            data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        return data.get("fran") or defaults[0], data.get("till") or defaults[1]


class FeeBasisForm(forms.Form):
    ar = year_field()
    part = forms.ChoiceField(
        label="Part",
        required=False,
        error_messages={"invalid_choice": "Välj en av parterna i listan."},
    )

    def __init__(self, *args: object, collaboration: Collaboration | None, **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.parties = {
            p.slug: p
            for p in Party.objects.in_collaboration(collaboration).order_by("sort_order", "name")
        }
        self.fields["part"].choices = [  # type: ignore[attr-defined]
            ("", "Alla parter"),
            *[(slug, p.name) for slug, p in self.parties.items()],
            (NO_PARTY, "Part saknas i uppdraget"),
        ]

    def year(self) -> int:
        self.is_valid()  # each field's value where it is valid, even if another is not
        year: int | None = getattr(self, "cleaned_data", {}).get("ar")
        return year or timezone.localdate().year

    def party(self) -> Party | str | None:
        self.is_valid()
        slug = getattr(self, "cleaned_data", {}).get("part")
        if slug == NO_PARTY:
            return NO_PARTY
        return self.parties.get(slug)
