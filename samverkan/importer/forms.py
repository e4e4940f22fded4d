from django import forms
from django.core.exceptions import ValidationError

from .parse import ParseError, text_from_bytes

MAX_UPLOAD = 2 * 1024 * 1024
NOTICE_TYPES = {"text/plain", "application/pdf", "application/octet-stream", ""}
CSV_TYPES = {
    "text/csv",
    "text/plain",
    "application/csv",
    "application/vnd.ms-excel",
    "application/octet-stream",
    "",
}


def _read(upload: object, types: set[str], what: str) -> bytes:
    size = getattr(upload, "size", 0) or 0
    if size > MAX_UPLOAD:
        raise ValidationError(f"Filen är för stor: högst {MAX_UPLOAD // (1024 * 1024)} MB.")
    content_type = (getattr(upload, "content_type", "") or "").split(";")[0].strip().lower()
    if content_type not in types:
        raise ValidationError(f"Filen ska vara {what} (den skickades som {content_type}).")
    upload.seek(0)  # type: ignore[attr-defined]
    return upload.read()  # type: ignore[attr-defined]


class NoticeUploadForm(forms.Form):
    file = forms.FileField(
        label="Kallelse, föredragningslista eller protokoll",
        help_text="Text (.txt) eller PDF med text, högst 2 MB. Inget sparas förrän du bekräftar.",
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.pdf,text/plain,application/pdf"}),
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        data = _read(upload, NOTICE_TYPES, "en textfil eller en PDF")
        try:
            self.cleaned_data["text"] = text_from_bytes(data)
        except ParseError as exc:
            raise ValidationError(str(exc)) from exc
        return upload


class PersonsUploadForm(forms.Form):
    file = forms.FileField(
        label="CSV-fil med personer och uppdrag",
        help_text=(
            "Kolumner: namn, e-post, parti, organ, roll, från, till (komma, semikolon eller "
            "tabb). Högst 2 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,text/csv,text/plain"}),
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        data = _read(upload, CSV_TYPES, "en CSV-fil")
        if b"\x00" in data:
            raise ValidationError("Filen är inte en CSV-fil (binärt innehåll).")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
        if not text.strip():
            raise ValidationError("Filen är tom.")
        self.cleaned_data["text"] = text
        return upload
