"""POST bodies for the role × URL matrix rows of the import pages."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

SEED = Path(settings.BASE_DIR) / "samverkan" / "testdata" / "seeds" / "kallelse-rsr-2025-05-05.txt"


def notice_upload(world: Any) -> dict[str, Any]:
    return {
        "file": SimpleUploadedFile("kallelse.txt", SEED.read_bytes(), content_type="text/plain")
    }


def persons_upload(world: Any) -> dict[str, Any]:
    text = f"namn,e-post,parti,organ,roll,från,till\nNy Person,,S,{world.rsr.short_name},ersättare,2026-01-01,\n"
    return {"file": SimpleUploadedFile("personer.csv", text.encode(), content_type="text/csv")}
