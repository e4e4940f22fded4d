from django import forms

from . import rules
from .models import Note
from .rules import NOTE_MAX_LENGTH, WATCH_WORD_MAX_LENGTH


class NoteForm(forms.Form):
    page = forms.IntegerField(
        label="Sida",
        min_value=1,
        max_value=rules.NOTE_MAX_PAGE,
        error_messages={"invalid": "Ange sidan som ett heltal."},
    )
    text = forms.CharField(
        label="Anteckning", max_length=NOTE_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 4})
    )
    visibility = forms.ChoiceField(
        label="Vem får läsa den?",
        choices=Note.Visibility.choices,
        initial=Note.Visibility.PRIVATE,
        widget=forms.RadioSelect,
    )
    # Made by the tablet, so that a note sent again after a lost connection is saved once.
    uuid = forms.UUIDField(required=False, widget=forms.HiddenInput)


class NoteChangeForm(forms.Form):
    text = forms.CharField(
        label="Anteckning", max_length=NOTE_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 6})
    )
    visibility = forms.ChoiceField(
        label="Vem får läsa den?", choices=Note.Visibility.choices, widget=forms.RadioSelect
    )


class WatchWordForm(forms.Form):
    word = forms.CharField(
        label="Nytt bevakningsord eller fras",
        max_length=WATCH_WORD_MAX_LENGTH,
        help_text="T.ex. ”barn och unga” eller ”vårdplats”. Du får besked när en punkt eller "
        "ett ärende med ordet kommer upp.",
    )


class WatchWordRemoveForm(forms.Form):
    word_id = forms.IntegerField(
        min_value=1,
        max_value=2**31 - 1,
        error_messages={
            "required": "Välj vilket bevakningsord som ska tas bort.",
            "invalid": "Bevakningsordet finns inte.",
            "min_value": "Bevakningsordet finns inte.",
            "max_value": "Bevakningsordet finns inte.",
        },
    )
