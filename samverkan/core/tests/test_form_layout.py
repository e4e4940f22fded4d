"""The shared form fields put a checkbox before its label, tied to it by `for`, in a
row of its own kind (the stylesheet lays it out on one line)."""

from __future__ import annotations

import re

from django import forms
from django.template.loader import render_to_string


class _Confirm(forms.Form):
    name = forms.CharField(label="Namn")
    confirm = forms.BooleanField(label="Jag har granskat förhandsvisningen")


def test_a_checkbox_comes_before_its_label_and_the_label_names_it():
    html = render_to_string("includes/form_fields.html", {"form": _Confirm()})
    field = re.search(r'<div class="field field-check">(.*?)</div>', html, re.S)
    assert field, "the checkbox's field is marked as a checkbox row"
    inner = field.group(1)
    assert inner.index('type="checkbox"') < inner.index("<label")
    assert '<label for="id_confirm">Jag har granskat förhandsvisningen</label>' in inner


def test_a_text_field_keeps_its_label_above_it():
    html = render_to_string("includes/form_fields.html", {"form": _Confirm()})
    assert html.index('<label for="id_name">Namn</label>') < html.index('id="id_name"')
