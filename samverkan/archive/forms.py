"""The archivist's form for a new export job."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samverkan.structure.models import Body

from . import selectors
from .models import ArchiveExport


class ExportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Vad"), choices=ArchiveExport.Kind.choices)
    case_number = forms.CharField(
        label=_("Diarienummer"), required=False, max_length=40, help_text=_("T.ex. RS/418/2025.")
    )
    body = forms.ModelChoiceField(
        label=_("Organ"), queryset=Body.objects.order_by("name"), required=False
    )
    year = forms.IntegerField(label=_("År"), required=False, min_value=1900, max_value=2200)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind == ArchiveExport.Kind.CASE:
            number = (data.get("case_number") or "").strip()
            if not number:
                self.add_error("case_number", _("Ange ett diarienummer."))
            else:
                try:
                    selectors.case_for_number(number)
                except selectors.NotFound as exc:
                    self.add_error("case_number", str(exc))
        elif kind == ArchiveExport.Kind.BODY_YEAR:
            if data.get("body") is None:
                self.add_error("body", _("Välj ett organ."))
            if data.get("year") is None:
                self.add_error("year", _("Ange ett år."))
        return data
