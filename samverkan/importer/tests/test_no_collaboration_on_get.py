"""Looking at the import pages in an empty installation creates nothing: a collaboration
is made only when an administrator confirms an import."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from samverkan.accounts.models import Role
from samverkan.accounts.services import user_create
from samverkan.meetings.models import Meeting
from samverkan.structure.models import Collaboration

from .helpers import confirm
from .matrix_data import SEED


@pytest.fixture
def empty(db: None) -> None:
    Collaboration.objects.all().delete()


def test_pages_looked_at_create_no_collaboration(client, empty) -> None:
    admin = user_create(username="adm", password="x-Lösen-123456", roles=[Role.ADMINISTRATOR])
    client.force_login(admin)
    assert client.get(reverse("importer:upload")).status_code == 200
    assert client.get(reverse("importer:persons")).status_code == 200
    client.post(
        reverse("importer:upload"),
        {"file": SimpleUploadedFile(SEED.name, SEED.read_bytes(), content_type="text/plain")},
    )
    page = client.get(reverse("importer:preview"))
    assert page.status_code == 200
    assert "skapas som ny person" in page.content.decode()
    assert not Collaboration.objects.exists()
    confirm(client, "importer:preview")
    assert Collaboration.objects.count() == 1
    assert Meeting.objects.count() == 1
