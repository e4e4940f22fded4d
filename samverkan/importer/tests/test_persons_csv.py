"""The persons CSV: unreadable CSV is a row error in Swedish (never a server error), the
delimiter is the header line's, and the command refuses what is not a file."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from samverkan.access.policy import Audience
from samverkan.importer import services
from samverkan.structure.tests import factories as f

ADMIN = Audience(is_admin=True)


@pytest.fixture
def home(db: None):
    collaboration = f.home_collaboration()
    f.body(collaboration=collaboration, short_name="RSR", slug="rsr")
    return collaboration


def test_a_field_over_the_csv_limit_is_a_row_error(home) -> None:
    text = 'namn,organ,roll\nAnna Berg,RSR,ledamot\n"' + "x" * 200_000 + "\n"
    rows, errors = services.persons_csv_read(text, collaboration=home, audience=ADMIN)
    assert rows == []
    assert len(errors) == 1
    assert "kan inte läsas som CSV" in errors[0].message
    assert "för långt" in errors[0].message


def test_the_delimiter_is_the_header_lines(home) -> None:
    text = "namn\torgan\troll\tfrån\nAnna Berg\tRSR\tledamot\nPer Ek\tRSR\tersättare\t2025-01-01\n"
    rows, errors = services.persons_csv_read(text, collaboration=home, audience=ADMIN)
    assert errors == []
    assert [r.name for r in rows] == ["Anna Berg", "Per Ek"]
    semicolons = "namn;organ;roll\nBerg, Anna;RSR;ledamot\n"
    rows, errors = services.persons_csv_read(semicolons, collaboration=home, audience=ADMIN)
    assert errors == [] and rows[0].name == "Berg, Anna"


def test_import_persons_refuses_a_directory(home, tmp_path) -> None:
    with pytest.raises(CommandError, match="är en katalog"):
        call_command("import_persons", str(tmp_path), stdout=io.StringIO())
