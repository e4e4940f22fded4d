"""The one PDF renderer and the signature (samverkan.documents.pdf)."""

import pytest

from samverkan.documents import pdf

from .pdf_checks import archive_problems, figures_alt, signature_coverage_problems

HTML = """<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>Prov</title>
<meta name="author" content="Regionens samverkansråd"><meta name="description" content="Ett prov">
</head><body><h1>Rubrik</h1><h2>Del</h2><p>Text med åäö.</p>
<svg xmlns="http://www.w3.org/2000/svg" role="img" width="100" height="40" viewBox="0 0 100 40">
<title>Stapel: 40 procent</title><rect width="40" height="40" fill="#036"/></svg>
<table><thead><tr><th>Part</th><th>Andel</th></tr></thead>
<tbody><tr><td>Region</td><td>40 %</td></tr></tbody></table></body></html>"""


@pytest.fixture(scope="module")
def rendered() -> bytes:
    return pdf.render(HTML)


def test_a_rendered_pdf_is_pdfa_2a_and_pdfua_1_tagged_swedish_and_titled(rendered):
    assert archive_problems(rendered) == []


def test_an_svg_chart_gets_its_title_as_alternative_text(rendered):
    assert figures_alt(rendered) == ["Stapel: 40 procent"]


def test_signing_appends_a_pades_signature_over_the_whole_file(rendered):
    signed = pdf.sign(rendered, reason="Prov")
    assert signed.startswith(rendered)  # an incremental update: the PDF/A bytes stand
    assert signature_coverage_problems(signed) == []
    assert pdf.signature_check(signed).valid
    # The metadata are left as rendered: still PDF/A-2a + UA-1, info and XMP agreeing.
    assert archive_problems(signed) == []


def test_a_changed_byte_or_an_appended_update_or_no_signature_fails(rendered):
    signed = pdf.sign(rendered, reason="Prov")
    changed = bytearray(signed)
    changed[len(rendered) // 2] ^= 0x01
    check = pdf.signature_check(bytes(changed))
    assert not check.valid
    assert any("ändrad" in p for p in check.problems)
    appended = pdf.signature_check(signed + b"% tillagt efter signeringen\n")
    assert any("täcker inte hela filen" in p for p in appended.problems)
    assert pdf.signature_check(rendered).problems == ["Filen är inte signerad."]


def test_a_signature_by_another_certificate_is_not_trusted(rendered, settings, tmp_path):
    signed = pdf.sign(rendered, reason="Prov")
    other_cert, other_key = tmp_path / "c.pem", tmp_path / "k.pem"
    pdf.signing_certificate_make(other_cert, other_key, common_name="Någon annan")
    settings.SAMVERKAN_SIGNING_CERT, settings.SAMVERKAN_SIGNING_KEY = other_cert, other_key
    check = pdf.signature_check(signed)
    assert check.problems == ["Signaturen är inte gjord med det konfigurerade certifikatet."]


def test_without_configuration_a_demo_certificate_is_made_under_var(settings, tmp_path):
    settings.SAMVERKAN_SIGNING_CERT = settings.SAMVERKAN_SIGNING_KEY = ""
    settings.VAR_DIR = tmp_path
    config = pdf.signing_ready()
    assert config.default
    assert config.cert == tmp_path / "signering" / "certifikat.pem"
    assert (config.key.stat().st_mode & 0o077) == 0  # the key is the owner's alone


def test_half_a_configuration_is_refused(settings):
    settings.SAMVERKAN_SIGNING_KEY = ""
    with pytest.raises(pdf.SigningError, match="både"):
        pdf.signing_config()


def test_a_key_behind_a_passphrase_signs_with_it(rendered, settings, tmp_path):
    cert, key = tmp_path / "c.pem", tmp_path / "k.pem"
    pdf.signing_certificate_make(cert, key, passphrase=b"hemligt")
    settings.SAMVERKAN_SIGNING_CERT, settings.SAMVERKAN_SIGNING_KEY = str(cert), str(key)
    settings.SAMVERKAN_SIGNING_PASSPHRASE = "hemligt"
    assert pdf.signature_check(pdf.sign(rendered, reason="Prov")).valid
    settings.SAMVERKAN_SIGNING_PASSPHRASE = "fel"
    with pytest.raises(Exception):  # noqa: B017 - the wrong passphrase: the key cannot be read
        pdf.signing_ready()
