"""The access tests' world (a case with a confidential document and registry entry, a
sealed meeting with a closed item, a correction), built once for this package inside a
transaction rolled back at the end."""

import pytest

from samverkan.access.tests.conftest import world  # noqa: F401 (the same world fixture)


@pytest.fixture
def archive_dir(settings, tmp_path):
    settings.SAMVERKAN_ARCHIVE_DIR = tmp_path / "arkiv"
    return settings.SAMVERKAN_ARCHIVE_DIR
