from django import forms


class VersionForm(forms.Form):
    file = forms.FileField(label="Ny version (fil)")
