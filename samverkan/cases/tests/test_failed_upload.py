"""A failed upload never clears or changes the form around it: a file refused as too big,
of the wrong type or a zip bomb brings the form back with everything else as typed and a
Swedish message beside the file field; nothing is saved."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from samverkan.cases import services
from samverkan.cases.models import RegistryEntry
from samverkan.cases.tests.helpers import registrar_create
from samverkan.documents.models import Document
from samverkan.documents.services import document_create
from samverkan.documents.tests.test_upload_limits import docx_bomb
from samverkan.structure.tests import factories as f

MB = 1024 * 1024
pytestmark = pytest.mark.django_db

REFUSED = [
    ("stor.txt", b"x" * 200 * 1024, "Filen är för stor"),
    ("bild.txt", b"\x00\x01\x02\x03binary", "Filtypen känns inte igen"),
    ("bomb.docx", None, "packas upp till mer än 1 MB"),
]


@pytest.fixture(autouse=True)
def limits(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SAMVERKAN_MAX_UPLOAD_BYTES = 100 * 1024
    settings.SAMVERKAN_MAX_REQUEST_BYTES = 10 * MB
    settings.SAMVERKAN_MAX_INFLATED_BYTES = 1 * MB
    settings.SAMVERKAN_ZIP_MAX_RATIO = 10**9


def _upload(name: str, data: bytes | None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data if data is not None else docx_bomb(2 * MB))


@pytest.fixture
def case(series):
    import datetime

    return services.case_register(
        series=series, title="Ärende", registered_on=datetime.date(2026, 1, 1)
    )


@pytest.mark.parametrize(("name", "data", "message"), REFUSED, ids=["size", "type", "bomb"])
def test_a_refused_file_keeps_the_registry_form_as_typed(client, case, name, data, message):
    client.force_login(registrar_create())
    response = client.post(
        case.get_absolute_url(),
        {
            "date": "2026-11-21",
            "direction": "sent",
            "description": "Skrivelse till kommunen",
            "counterpart": "Bergs kommun",
            "description_protected": "on",
            "document_confidential": "on",
            "confidentiality_ground": "OSL 26 kap. 1 §",
            "file": _upload(name, data),
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    error_at = html.index('id="id_file_error"')
    assert message in html[error_at : error_at + 300]
    assert 'aria-describedby="id_file_error"' in html
    for typed in (
        'value="2026-11-21"',
        'value="Skrivelse till kommunen"',
        'value="Bergs kommun"',
        'value="OSL 26 kap. 1 §"',
        '<option value="sent" selected>',
    ):
        assert typed in html, typed
    assert html.count("checked") >= 2
    assert not RegistryEntry.objects.filter(case=case).exists() and not Document.objects.exists()


@pytest.mark.parametrize(("name", "data", "message"), REFUSED, ids=["size", "type", "bomb"])
def test_a_refused_file_keeps_the_party_response_form_as_typed(client, case, name, data, message):
    party = f.party(name="Bergs kommun")
    rec = services.recommendation_issue(case, title="Anta", text="Anta.", parties=[party])
    response = rec.responses.get()
    client.force_login(registrar_create())
    p = f"r{response.pk}"
    html = client.post(
        rec.get_absolute_url(),
        {
            "response": response.pk,
            f"{p}-status": "adopted",
            f"{p}-decision_reference": "KF § 27",
            f"{p}-decided_on": "2026-03-02",
            f"{p}-note": "Antogs enhälligt",
            f"{p}-document": _upload(name, data),
        },
    ).content.decode()
    error_at = html.index(f'id="id_{p}-document_error"')
    assert message in html[error_at : error_at + 300]
    for typed in ('value="KF § 27"', 'value="2026-03-02"', 'value="Antogs enhälligt"'):
        assert typed in html, typed
    assert '<option value="adopted" selected>' in html
    response.refresh_from_db()
    assert response.status == "not_handled" and not Document.objects.exists()


@pytest.mark.parametrize(("name", "data", "message"), REFUSED, ids=["size", "type", "bomb"])
def test_a_refused_new_version_is_told_beside_the_file_field(client, case, name, data, message):
    document = document_create(title="Skrivelse", data=b"Version 1", filename="v1.txt")
    services.registry_entry_add(
        case,
        date=case.registered_on,
        direction="received",
        description="Skrivelse",
        document=document,
    )
    client.force_login(registrar_create())
    html = client.post(_document_url(document), {"file": _upload(name, data)}).content.decode()
    error_at = html.index('id="id_file_error"')
    assert message in html[error_at : error_at + 300]
    assert document.versions.count() == 1


def _document_url(document: Document) -> str:
    from django.urls import reverse

    return reverse("documents:detail", args=[document.pk])
