from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import RetentionRule
from .rules import retention_rule_validate


class RetentionRuleForm(forms.ModelForm):
    class Meta:
        model = RetentionRule
        fields = ["code", "name", "action", "years", "legal_basis", "note"]

    def clean(self) -> dict:
        data = super().clean() or {}
        try:
            retention_rule_validate(data.get("action", ""), data.get("years"))
        except ValidationError as error:
            for message in error.message_dict.get("years", []):
                self.add_error("years", message)
        return data


class ProposeForm(forms.Form):
    as_of = forms.DateField(
        label=_("Gallra per dag"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Det som reglerna tillåter att gallra den dagen listas; inget tas bort ännu."),
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Beslut"),
        choices=[("confirm", _("Gallra handlingarna")), ("cancel", _("Avbryt förslaget"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Anteckning"), max_length=300, required=False)
    understood = forms.BooleanField(
        label=_("Jag har granskat listan och förstår att filerna tas bort för gott."),
        required=False,
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("decision") == "confirm" and not data.get("understood"):
            self.add_error("understood", _("Bekräfta att du har granskat listan."))
        return data


class ClassifyForm(forms.Form):
    rule: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Klass i informationshanteringsplanen"), queryset=RetentionRule.objects.none()
    )

    def __init__(self, *args: object, rules: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["rule"].queryset = rules  # type: ignore[attr-defined]
