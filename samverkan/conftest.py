import datetime
import os
from pathlib import Path

import pytest
from django.conf import settings

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from
# that thread are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# The seed documents are copied into the project, so a clone needs nothing beside it.
SEEDS_DIR = Path(
    os.environ.get("SAMVERKAN_SEEDS_DIR", Path(__file__).resolve().parent / "testdata" / "seeds")
)


@pytest.fixture(autouse=True)
def _plain_static_storage(settings: object) -> None:
    # The manifest storage needs collectstatic; tests serve static files from the finders.
    settings.STORAGES = {  # type: ignore[attr-defined]
        **settings.STORAGES,  # type: ignore[attr-defined]
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def demo(db: None) -> None:
    from samverkan.cases.demo import demo_cases_load
    from samverkan.meetings.demo import demo_meetings_load
    from samverkan.structure.demo import demo_structure_load

    demo_structure_load(settings.SAMVERKAN_DEMO_DATA)
    demo_meetings_load(settings.SAMVERKAN_DEMO_MEETINGS)
    demo_cases_load(settings.SAMVERKAN_DEMO_CASES)


@pytest.fixture
def seeds_dir() -> Path:
    if not SEEDS_DIR.is_dir():
        pytest.fail(f"Källdokumenten saknas i {SEEDS_DIR} (sätt SAMVERKAN_SEEDS_DIR).")
    return SEEDS_DIR


@pytest.fixture
def d() -> type[datetime.date]:
    return datetime.date
