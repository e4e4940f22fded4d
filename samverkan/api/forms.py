from typing import Any

from django import forms

from samverkan.accounts.models import User
from samverkan.structure.forms import BoundedModelChoiceField
from samverkan.structure.models import Party


class TokenForm(forms.Form):
    name = forms.CharField(
        label="System",
        max_length=200,
        help_text="T.ex. ”Östersunds kommuns ärendesystem”.",
        error_messages={"required": "Ange vilket system nyckeln är till."},
    )
    user = BoundedModelChoiceField(
        label="Konto",
        queryset=User.objects.none(),
        help_text="Nyckeln har samma rättigheter som kontot har i webbgränssnittet.",
        error_messages={"required": "Välj kontot nyckeln agerar som."},
    )
    party = BoundedModelChoiceField(
        label="Part",
        queryset=Party.objects.none(),
        required=False,
        help_text="För en parts ärendesystem: registrerar partens svar på rekommendationer.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(is_active=True).order_by("username")  # type: ignore[attr-defined]
        self.fields["party"].queryset = Party.objects.select_related("collaboration").order_by(  # type: ignore[attr-defined]
            "collaboration__name", "sort_order", "name"
        )
        self.fields["party"].empty_label = "—"  # type: ignore[attr-defined]


class WebhookForm(forms.Form):
    name = forms.CharField(
        label="Mottagare", max_length=200, error_messages={"required": "Ange mottagarens namn."}
    )
    url = forms.URLField(
        label="Adress",
        max_length=500,
        assume_scheme="https",
        error_messages={"required": "Ange adressen.", "invalid": "Ange en fullständig adress."},
    )
    events = forms.MultipleChoiceField(
        label="Händelser",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Välj minst en av händelserna."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from .models import WebhookSubscriber

        super().__init__(*args, **kwargs)
        self.fields["events"].choices = WebhookSubscriber.Event.choices  # type: ignore[attr-defined]
