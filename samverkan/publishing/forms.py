from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samverkan.cases.models import Case
from samverkan.search.selectors import MAX_QUERY_CHARS
from samverkan.structure.models import Body, Collaboration

from .models import Subscription


class SubscribeForm(forms.Form):
    """E-mail and what to follow: `kind` and `target` (a body's address, a case's id or
    a search phrase) come from the page the form sits on."""

    email = forms.EmailField(
        label=_("Din e-postadress"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    kind = forms.ChoiceField(choices=Subscription.Kind.choices, widget=forms.HiddenInput)
    target = forms.CharField(max_length=MAX_QUERY_CHARS, widget=forms.HiddenInput)

    def __init__(self, *args: Any, collaboration: Collaboration | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.collaboration = collaboration

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, target = data.get("kind"), (data.get("target") or "").strip()
        if not kind or not target:
            if "email" in data:
                raise forms.ValidationError(_("Välj vad du vill prenumerera på."))
            return data
        data["body"] = data["case"] = None
        data["phrase"] = ""
        if kind == Subscription.Kind.BODY:
            data["body"] = (
                Body.objects.in_collaboration(self.collaboration).filter(slug=target).first()
            )
            if data["body"] is None:
                raise forms.ValidationError(_("Organet finns inte."))
        elif kind == Subscription.Kind.CASE:
            data["case"] = (
                Case.objects.filter(
                    pk=int(target), series__collaboration=self.collaboration
                ).first()
                if target.isascii() and target.isdigit() and len(target) < 12
                else None
            )
            if data["case"] is None:
                raise forms.ValidationError(_("Ärendet finns inte."))
        else:
            data["phrase"] = " ".join(target.split())
            if len(data["phrase"]) < 2:
                raise forms.ValidationError(_("Skriv en sökfras på minst två tecken."))
        return data
