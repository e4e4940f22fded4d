import datetime
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from
# that thread are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Servers the tests start see every change at once (core.pagecache has its own tests).
os.environ["SAMVERKAN_PAGE_CACHE_SECONDS"] = "0"
# No pool of database connections in the test process (the settings are read before
# this file, and no connection is made yet): a kept connection would hold the test
# database open where a test copies or replaces it. core/tests/test_db_pool.py tests the
# pools; the durability test serves with them, as `make run` does.
settings.DATABASES["default"].get("OPTIONS", {}).pop("pool", None)
os.environ["SAMVERKAN_DB_POOL"] = "0"

# The seed documents are copied into the project, so a clone needs nothing beside it.
SEEDS_DIR = Path(
    os.environ.get("SAMVERKAN_SEEDS_DIR", Path(__file__).resolve().parent / "testdata" / "seeds")
)


@pytest.fixture(autouse=True)
def _plain_static_storage(settings: object) -> None:
    # No page cache: a test sees the page its changes make (core.pagecache's tests
    # turn it on).
    settings.SAMVERKAN_PAGE_CACHE_SECONDS = 0  # type: ignore[attr-defined]
    # Nor a token's account or a collaboration kept between requests: a test counts the
    # queries a page makes (api/tests/test_token_kept.py turns it on).
    settings.SAMVERKAN_KEPT_SECONDS = 0  # type: ignore[attr-defined]
    # The manifest storage needs collectstatic; tests serve static files from the finders.
    settings.STORAGES = {  # type: ignore[attr-defined]
        **settings.STORAGES,  # type: ignore[attr-defined]
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _caches_emptied() -> Iterator[None]:
    """Nothing kept in a cache (an OParl list's count, a page, a token's account)
    outlives its test: a test rolled back can leave the audit log's head, part of those
    keys, as it found it."""
    yield
    from django.core.cache import caches

    from samverkan.audit.selectors import KeptWhileUnchanged

    for cache in caches.all(initialized_only=True):
        cache.clear()
    KeptWhileUnchanged.clear_all()


@pytest.fixture(autouse=True)
def _every_mail_well_formed(settings: object) -> Iterator[None]:
    """Every mail a test makes the site send goes through the site's backend
    (samverkan.mail) and is checked after the test: from DEFAULT_FROM_EMAIL, the site's
    domain in its Message-ID, a Date, and MIME that parses without defects."""
    from django.core import mail

    settings.EMAIL_BACKEND = "samverkan.mail.SiteDomainBackend"  # type: ignore[attr-defined]
    settings.SAMVERKAN_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # type: ignore[attr-defined]
    yield
    for message in getattr(mail, "outbox", []):
        assert_mail_well_formed(message)


def assert_mail_well_formed(message: Any) -> None:
    from samverkan.mail import problems

    assert not problems(message), problems(message)


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


@pytest.fixture(scope="session", autouse=True)
def signing_certificate(tmp_path_factory: Any) -> Iterator[tuple[Path, Path]]:
    """One self-signed signing certificate for the whole test session (per worker), so
    sealed minutes are signed as in production and no test writes under VAR_DIR. Set
    before any module-scoped fixture seals minutes."""
    from samverkan.documents.pdf import signing_certificate_make

    folder = tmp_path_factory.mktemp("signering")
    cert, key = folder / "certifikat.pem", folder / "nyckel.pem"
    signing_certificate_make(cert, key, common_name="Samverkan (test)")
    saved = (settings.SAMVERKAN_SIGNING_CERT, settings.SAMVERKAN_SIGNING_KEY)
    settings.SAMVERKAN_SIGNING_CERT, settings.SAMVERKAN_SIGNING_KEY = str(cert), str(key)
    yield cert, key
    settings.SAMVERKAN_SIGNING_CERT, settings.SAMVERKAN_SIGNING_KEY = saved


@pytest.fixture(scope="session", autouse=True)
def archive_directory(tmp_path_factory: Any) -> Iterator[Path]:
    """E-archive export jobs write their packages under a temporary directory, never under
    the project's VAR_DIR."""
    saved = settings.SAMVERKAN_ARCHIVE_DIR
    settings.SAMVERKAN_ARCHIVE_DIR = tmp_path_factory.mktemp("arkiv")
    yield settings.SAMVERKAN_ARCHIVE_DIR
    settings.SAMVERKAN_ARCHIVE_DIR = saved
