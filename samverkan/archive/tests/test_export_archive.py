"""The e-archive export of the access world's case and RSR's year: E-ARK SIP packages
whose ERMS is valid, whose METS and PREMIS checksums hold, which are the same bytes every
time, and which an interrupted run completes when it is run again."""

import datetime
import hashlib
import pathlib

import pytest
from django.core.management import CommandError, call_command
from lxml import etree

from samverkan.archive import services
from samverkan.archive.sip import verify_package
from samverkan.archive.validation import validate_schematron, validate_xsd
from samverkan.retention.models import DocumentClassification
from samverkan.retention.services import document_classify, retention_rule_create

pytestmark = pytest.mark.django_db

ERMS = "{https://DILCIS.eu/XML/ERMS}"
METS = "{http://www.loc.gov/METS/}"
PREMIS = "{http://www.loc.gov/premis/v3}"
XLINK = "{http://www.w3.org/1999/xlink}"
CREATED = "2026-11-20T12:00:00+00:00"


def export(tmp: pathlib.Path, *args: str) -> pathlib.Path:
    call_command("export_archive", *args, "--output", str(tmp), "--created", CREATED)
    return tmp


def tree_hashes(folder: pathlib.Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def case_package(world, tmp_path):
    rule = retention_rule_create(
        collaboration=world.case.series.collaboration,
        code="9.9",
        name="Utredningar",
        action="dispose",
        years=2,
    )
    document_classify(world.public_document, rule)
    # The confidential document has no class: "no rule" (whatever the world gave it).
    DocumentClassification.objects.filter(document=world.confidential_document).delete()
    export(tmp_path, "--case", world.case.case_number)
    return (
        tmp_path
        / f"arende-{world.case.series.collaboration.slug}-{world.case.series.code}-{world.case.number}-{world.case.year}"
    )


def test_case_package_has_the_csip_layout_and_valid_erms(case_package):
    erms = (case_package / "metadata/descriptive/erms.xml").read_bytes()
    assert validate_xsd(erms) == []
    assert validate_schematron(erms) == []
    for part in (
        "METS.xml",
        "metadata/preservation/premis.xml",
        "representations/rep1/METS.xml",
        "schemas/ERMS_v3.xsd",
        "schemas/erms_v3.sch",
    ):
        assert (case_package / part).is_file(), part
    assert list((case_package / "representations/rep1/data/handlingar").iterdir())
    assert (case_package.parent / f"{case_package.name}.zip").is_file()
    mets = etree.parse(str(case_package / "METS.xml")).getroot()
    assert mets.get("PROFILE") == "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml"
    assert mets.find(f"{METS}structMap").get("LABEL") == "CSIP"
    labels = [d.get("LABEL") for d in mets.find(f"{METS}structMap/{METS}div")]
    assert labels == ["Metadata", "Schemas", "Representations/rep1"]


def test_every_checksum_of_mets_and_premis_holds(case_package):
    assert verify_package(case_package) == []
    premis = etree.parse(str(case_package / "metadata/preservation/premis.xml")).getroot()
    objects = premis.findall(f"{PREMIS}object")
    assert objects
    for obj in objects:
        path = obj.findtext(f"{PREMIS}objectIdentifier/{PREMIS}objectIdentifierValue")
        digest = obj.findtext(f".//{PREMIS}messageDigest")
        data = (case_package / path).read_bytes()
        assert hashlib.sha256(data).hexdigest() == digest
        assert obj.findtext(f".//{PREMIS}size") == str(len(data))
    assert premis.findtext(f"{PREMIS}event/{PREMIS}eventDateTime") == "2026-11-20T12:00:00Z"


def test_a_changed_byte_is_found(case_package):
    data_file = next((case_package / "representations/rep1/data/handlingar").iterdir())
    data_file.write_bytes(data_file.read_bytes() + b" ")
    assert [p.where for p in verify_package(case_package)] == [
        data_file.relative_to(case_package / "representations/rep1").as_posix()
    ]


def test_confidential_document_is_included_and_marked_with_its_ground(world, case_package):
    erms = etree.parse(str(case_package / "metadata/descriptive/erms.xml")).getroot()
    records = {r.findtext(f"{ERMS}extraId"): r for r in erms.iter(f"{ERMS}record")}
    secret = records[str(world.confidential_document.pk)]
    grounds = [r.findtext(f"{ERMS}regulation") for r in secret.findall(f"{ERMS}restriction")]
    assert world.confidential_document.confidentiality_ground in grounds
    assert secret.find(f"{ERMS}additionalInformation/{ERMS}appendix") is not None
    public = records[str(world.public_document.pk)]
    assert public.find(f"{ERMS}restriction") is None


def test_disposal_rule_is_given_per_record_and_no_rule_is_said(world, case_package):
    erms = etree.parse(str(case_package / "metadata/descriptive/erms.xml")).getroot()
    records = {r.findtext(f"{ERMS}extraId"): r for r in erms.iter(f"{ERMS}record")}
    ruled = records[str(world.public_document.pk)].find(f"{ERMS}disposal")
    assert ruled.get("disposable") == "true"
    assert ruled.findtext(f"{ERMS}disposalScheduleId") == "9.9"
    assert ruled.findtext(f"{ERMS}disposalAction") == "gallras"
    unruled = records[str(world.confidential_document.pk)]
    assert unruled.find(f"{ERMS}disposal") is None
    assert "Ingen gallringsregel" in etree.tostring(unruled, encoding="unicode")


def test_same_data_gives_the_same_bytes(world, tmp_path):
    first = export(tmp_path / "a", "--case", world.case.case_number)
    second = export(tmp_path / "b", "--case", world.case.case_number)
    assert tree_hashes(first) == tree_hashes(second)


def test_body_year_holds_the_sealed_minutes_byte_for_byte(world, tmp_path):
    year = world.sealed.date.year
    export(tmp_path, "--body", world.rsr.short_name, "--year", str(year))
    folder = tmp_path / f"organ-{world.rsr.collaboration.slug}-{world.rsr.slug}-{year}"
    assert verify_package(folder) == []
    erms = (folder / "metadata/descriptive/erms.xml").read_bytes()
    assert validate_xsd(erms) == [] and validate_schematron(erms) == []
    day = f"{world.sealed.date:%Y-%m-%d}"
    minutes = folder / f"representations/rep1/data/{day}-{world.sealed.pk}/protokoll-{day}.pdf"
    world.sealed.minutes_pdf.open("rb")
    assert minutes.read_bytes() == world.sealed.minutes_pdf.read()
    world.sealed.minutes_pdf.close()
    assert hashlib.sha256(minutes.read_bytes()).hexdigest() == world.sealed.minutes_sha256
    doc = etree.fromstring(erms)
    kinds = {r.get("recordType") for r in doc.iter(f"{ERMS}record")}
    assert {"Protokoll", "Punkt på föredragningslistan", "Protokollsrättelse"} <= kinds


def test_body_by_slug_works_too(world, tmp_path):
    export(tmp_path, "--body", world.rsr.slug, "--year", str(world.sealed.date.year))
    assert (
        tmp_path / f"organ-{world.rsr.collaboration.slug}-{world.rsr.slug}-{world.sealed.date.year}"
    ).is_dir()


def test_an_interrupted_export_goes_on_where_it_stopped(world, tmp_path, monkeypatch):
    plan = services.Plan(
        ["a", "b"],
        [
            lambda: services.selectors.case_package(
                world.case, datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
            ),
            lambda: services.selectors.body_year_package(world.rsr, world.sealed.date.year),
        ],
    )
    real = services.package_write
    calls = []

    def crash_on_second(package, output):
        calls.append(package.name)
        if len(calls) == 2:
            raise KeyboardInterrupt  # killed mid-run
        return real(package, output)

    monkeypatch.setattr(services, "package_write", crash_on_second)
    with pytest.raises(KeyboardInterrupt):
        services.archive_export_write(plan, tmp_path)
    monkeypatch.setattr(services, "package_write", real)
    done = sorted(p.name for p in tmp_path.iterdir() if p.is_dir())
    assert done == [calls[0]]
    (tmp_path / f".{calls[1]}.tmp-1").mkdir()  # a half-written package left behind
    written = services.archive_export_write(plan, tmp_path)
    assert [w.skipped for w in written] == [True, False]
    assert not list(tmp_path.glob(".*"))
    assert all(verify_package(w.folder) == [] for w in written)


def test_a_damaged_package_is_written_again(world, tmp_path):
    export(tmp_path, "--case", world.case.case_number)
    folder = next(p for p in tmp_path.iterdir() if p.is_dir())
    (folder / "METS.xml").write_bytes(b"broken")
    export(tmp_path, "--case", world.case.case_number)
    assert verify_package(folder) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--case", "RS/99999/2025"], "finns inte"),
        (["--case", "inget nummer"], "inget diarienummer"),
        (["--body", "Finnsinte", "--year", "2025"], "finns inte"),
        (["--body", "RSR", "--year", "1990"], "inga sammanträden"),
        (["--body", "RSR"], "--year"),
        ([], "precis ett"),
        (["--case", "RS/1/2025", "--created", "igår"], "ingen tidpunkt"),
    ],
)
def test_failures_say_why_in_swedish(world, tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("export_archive", *args, "--output", str(tmp_path))


def test_closed_exports_closed_cases_and_past_sealed_years(world, tmp_path):
    from samverkan.cases.models import Case

    Case.objects.filter(pk=world.case.pk).update(closed_on=datetime.date(2026, 3, 1))
    plan = services.plan_closed(datetime.date(2027, 6, 1))
    assert world.case.case_number in plan.labels
    # RSR's year has an unsealed meeting: it waits.
    assert f"{world.rsr.short_name} {world.sealed.date.year}" not in plan.labels


def test_a_partys_confidential_decision_document_is_its_own_restricted_record(world, tmp_path):
    from samverkan.cases.models import PartyResponse
    from samverkan.cases.services import party_response_record
    from samverkan.documents.services import document_create

    response = PartyResponse.objects.filter(recommendation=world.recommendation).first()
    assert response is not None
    document = document_create(
        title="Partens protokollsutdrag med uppgifter om enskild",
        data=b"Uppgifter om enskild",
        filename="utdrag.txt",
        confidentiality_ground="OSL 26 kap. 1 §",
    )
    party_response_record(
        response,
        status=PartyResponse.Status.ADOPTED,
        decided_on=datetime.date(2026, 3, 1),
        decision_reference="KS § 12, dnr 2026/4",
        document=document,
    )
    folder = export(tmp_path, "--case", world.recommendation.case.case_number)
    package = next(p for p in folder.iterdir() if p.is_dir())
    xml = package / "metadata/descriptive/erms.xml"
    assert validate_xsd(xml.read_bytes()) == [] and validate_schematron(xml.read_bytes()) == []
    erms = etree.parse(str(xml)).getroot()
    [record] = [
        r
        for r in erms.iter(f"{ERMS}record")
        if document.title in etree.tostring(r, encoding="unicode")
    ]
    grounds = [r.findtext(f"{ERMS}regulation") for r in record.findall(f"{ERMS}restriction")]
    assert "OSL 26 kap. 1 §" in grounds
    assert any(p.name.startswith(f"{document.pk:06d}") for p in package.rglob("*.txt"))
