"""Defect 13: a personnummer typed into a registry entry is masked on every public
surface (the registry, search, the case page) and kept for those who may read the case's
secrets (OSL, GDPR)."""

import datetime

from samverkan.cases import services
from samverkan.cases.models import Case
from samverkan.cases.tests.helpers import registrar_create


def _valid(birth: str, serial: str) -> str:
    """YYMMDD + three digits + the Luhn check digit."""
    digits = birth + serial
    total = 0
    for i, ch in enumerate(digits):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return f"{birth}-{serial}{(10 - total % 10) % 10}"


PNR = _valid("811218", "987")


def test_a_personnummer_is_masked_for_the_public_and_kept_for_the_registrar(client, demo):
    case = Case.objects.get(number=418, year=2025)
    services.registry_entry_add(
        case,
        date=datetime.date(2025, 6, 1),
        direction="received",
        description=f"Synpunkt från privatperson {PNR} om Skoterleder",
        counterpart=f"Privatperson {PNR}",
    )
    for path in ("/diarium/", "/arenden/RS/418/2025/", "/sok/?q=Skoterleder"):
        page = client.get(path).content.decode()
        assert PNR not in page and PNR.replace("-", "") not in page, path
        assert "[personnummer]" in page, path
    client.force_login(registrar_create())
    assert PNR in client.get("/arenden/RS/418/2025/").content.decode()
    assert PNR in client.get("/diarium/").content.decode()
