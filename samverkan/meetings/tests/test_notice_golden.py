"""The notice the system renders for RSR 2025-05-05 carries what the seed notice says."""

import io
import re

import pytest
from docx import Document
from pypdf import PdfReader

from samverkan.access.policy import PUBLIC
from samverkan.meetings.render import bundle_pdf, notice_docx, notice_pdf
from samverkan.structure.tests.test_demo_golden import parse_notice_roster


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def seed_items(text: str) -> list[tuple[str, str]]:
    """(presenters, time) of each timed item in the seed notice."""
    return re.findall(r"^([A-ZÅÄÖ][^\n\d]+?)\s+(\d\d:\d\d)\s*$", text, flags=re.M)


@pytest.fixture
def seed(seeds_dir):
    return (seeds_dir / "kallelse-rsr-2025-05-05.txt").read_text()


def pdf_text(pdf: bytes) -> str:
    return flat(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))


def docx_text(data: bytes) -> str:
    return flat(" ".join(p.text for p in Document(io.BytesIO(data)).paragraphs))


@pytest.mark.parametrize("render", ["pdf", "docx"])
def test_the_generated_notice_carries_everything_in_the_seed_notice(rsr_meeting, seed, render):
    text = (
        pdf_text(notice_pdf(rsr_meeting, PUBLIC))
        if render == "pdf"
        else docx_text(notice_docx(rsr_meeting, PUBLIC))
    )
    assert "Kallelse/föredragningslista" in text
    assert "Regionens samverkansråd" in text and "2025-05-05" in text
    assert "Tid: kl. 13:00-16:00" in text
    assert "Plats: Styrelserummet, Regionens hus" in text
    for name, letters, role in parse_notice_roster(seed):
        suffix = ", vice ordförande" if role == "vice_chair" else ""
        assert f"{name} ({letters}){suffix}" in text
    for presenters, time in seed_items(seed):
        assert f"{presenters.strip()} {time}" in text
    assert "(RS/418/2025)" in text
    assert "Sociala vård- och omsorgsgruppen (SVOM) föreslår Regionens samverkansråd" in text
    for point in (
        "Godkänna rapporten och därmed avslutat uppdrag.",
        "Anta föreslagen inriktning om ny samverkansstruktur för hälso- och sjukvård, skola och socialtjänst.",
        "Rekommendera Region Jämtland Härjedalen och Kommunförbundet att i samarbete med berörda utveckla inriktningen i form av en överenskommelse för tillämpning.",
    ):
        assert point in text
    assert "Expedieras till Kommunförbundet Hälso- och sjukvårdspolitiska avdelningen" in text
    for document in (
        "Tjänsteskrivelse Översyn samverkansstruktur",
        "Protokollsutdrag SVOM 7 mars 2025 RSR",
        "250221 Rapport översyn samverkansstruktur",
    ):
        assert document in text
    for n, title in enumerate(
        [
            "Val av justerare",
            "Fastställande av föredragningslistan",
            "Infrastruktur",
            "Förstudie Cirkulär upphandling",
        ],
        1,
    ):
        assert f"{n}. {title}" in text
    assert "6. Övriga frågor" in text


def test_the_seed_parsers_find_the_timed_items(seed):
    assert seed_items(seed) == [
        ("Berit Eriksson, Jennie Söderberg", "13:05"),
        ("Hilda Sigge", "13:35"),
    ]


def test_the_bundle_has_the_notice_then_each_document_with_bookmarks(
    rsr_meeting, tmp_path, settings
):
    from samverkan.documents.services import document_version_add

    settings.MEDIA_ROOT = tmp_path
    doc = rsr_meeting.items.get(position=5).documents.get(position=3)
    # A new version in the document store (any real PDF will do).
    document_version_add(doc.document, data=notice_pdf(rsr_meeting, PUBLIC), filename="rapport.pdf")
    reader = PdfReader(io.BytesIO(bundle_pdf(rsr_meeting, PUBLIC)))
    notice_pages = len(PdfReader(io.BytesIO(notice_pdf(rsr_meeting, PUBLIC))).pages)
    outline = reader.outline
    titles = [o.title for o in outline if not isinstance(o, list)]
    assert titles[0] == "Kallelse och föredragningslista"
    assert [t.split(".")[0] for t in titles[1:]] == ["1", "2", "3", "4", "5", "6"]
    item5_children = outline[
        outline.index(
            next(o for o in outline if not isinstance(o, list) and o.title.startswith("5."))
        )
        + 1
    ]
    assert [c.title for c in item5_children] == [
        "Tjänsteskrivelse Översyn samverkansstruktur",
        "Protokollsutdrag SVOM 7 mars 2025 RSR",
        "250221 Rapport översyn samverkansstruktur",
    ]
    # Two documents exist only on paper, one after the other: they share a page, each
    # under its own title and why it is not there; the third is the uploaded PDF.
    assert len(reader.pages) == notice_pages + 1 + notice_pages
    stand_in = flat(reader.pages[notice_pages].extract_text())
    assert stand_in.count("finns inte i digital form") == 2
    assert "Tjänsteskrivelse Översyn" in stand_in
    assert "Protokollsutdrag SVOM" in stand_in
    assert stand_in.index("Tjänsteskrivelse") < stand_in.index("Protokollsutdrag")
    assert "Kallelse" not in stand_in
    assert reader.get_destination_page_number(item5_children[0]) == notice_pages
    assert reader.get_destination_page_number(item5_children[1]) == notice_pages
    assert reader.get_destination_page_number(item5_children[2]) == notice_pages + 1
    # Each item's bookmark opens the notice where the item stands.
    item_marks = [o for o in outline if not isinstance(o, list)][1:]
    pages = [reader.get_destination_page_number(o) for o in item_marks]
    assert pages == sorted(pages) and pages[0] == 0 and pages[-1] > 0
    assert "Översyn av struktur" in reader.pages[pages[4]].extract_text()


def test_documents_without_pdf_pages_that_follow_one_another_share_pages_each_marked(
    rsr_meeting, tmp_path, settings
):
    """Twenty documents on paper in a row take a few pages, not twenty; each one's
    bookmark opens the page its title stands on, and a PDF between two runs keeps them
    apart, in the bundle's order: the second run on pages of its own after the PDF."""
    from samverkan.documents.services import document_version_add
    from samverkan.meetings.services import supporting_document_add

    settings.MEDIA_ROOT = tmp_path
    first = rsr_meeting.items.get(position=1)
    for n in range(1, 21):
        supporting_document_add(first, title=f"Bilaga {n:02d} om samverkan i länet")
    pdf_doc = rsr_meeting.items.get(position=5).documents.get(position=3).document
    document_version_add(pdf_doc, data=notice_pdf(rsr_meeting, PUBLIC), filename="rapport.pdf")
    # After the PDF, a second run: one more document on paper.
    supporting_document_add(
        rsr_meeting.items.get(position=6), title="Skrivelse efter rapporten i länet"
    )
    reader = PdfReader(io.BytesIO(bundle_pdf(rsr_meeting, PUBLIC)))
    notice_pages = len(PdfReader(io.BytesIO(notice_pdf(rsr_meeting, PUBLIC))).pages)
    marks = [
        child
        for entry in reader.outline
        if isinstance(entry, list)
        for child in entry
        if not isinstance(child, list)
    ]
    # Item 1's twenty, then item 5's two on paper and its PDF.
    assert [m.title for m in marks][:20] == [
        f"Bilaga {n:02d} om samverkan i länet" for n in range(1, 21)
    ]
    pages = [reader.get_destination_page_number(m) for m in marks]
    for mark, page in zip(marks[:22], pages[:22], strict=True):
        assert mark.title in flat(reader.pages[page].extract_text()), mark.title
    run = sorted(set(pages[:22]))
    # The 22 documents on paper (item 1's and item 5's first two) follow one another in
    # the bundle: one run of pages right after the notice, in order, fewer than them.
    assert run == list(range(notice_pages, notice_pages + len(run)))
    assert 1 < len(run) < 8 and pages[:22] == sorted(pages[:22])
    assert pages[22] == run[-1] + 1
    # The second run starts on a page of its own after the PDF's pages, and ends the bundle.
    assert marks[23].title == "Skrivelse efter rapporten i länet"
    assert pages[23] == pages[22] + notice_pages
    last = flat(reader.pages[pages[23]].extract_text())
    assert "Skrivelse efter rapporten" in last and "Bilaga" not in last
    assert len(reader.pages) == pages[23] + 1


def _locked_pdf() -> bytes:
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out, encryption=pikepdf.Encryption(user="hemligt", owner="hemligt"))
    return out.getvalue()


@pytest.mark.parametrize(
    ("stored", "reason"),
    [
        (b"%PDF-1.7\nnot a PDF any longer", "Filen kunde inte läsas som PDF."),
        (_locked_pdf(), "Filen är lösenordsskyddad och tas inte med i PDF:en."),
    ],
    ids=["damaged", "password"],
)
def test_a_bundle_holds_a_page_for_a_file_that_no_longer_reads_and_passes_qpdfs_check(
    rsr_meeting, tmp_path, settings, stored, reason
):
    import pikepdf

    from samverkan.documents.services import document_version_add

    settings.MEDIA_ROOT = tmp_path
    docs = rsr_meeting.items.get(position=5).documents.order_by("position")
    version = document_version_add(
        docs[2].document, data=notice_pdf(rsr_meeting, PUBLIC), filename="rapport.pdf"
    )
    # The stored file replaced on disk after it was checked at upload.
    with open(version.file.path, "wb") as fh:
        fh.write(stored)
    pdf = bundle_pdf(rsr_meeting, PUBLIC)
    reader = PdfReader(io.BytesIO(pdf))
    notice_pages = len(PdfReader(io.BytesIO(notice_pdf(rsr_meeting, PUBLIC))).pages)
    # The three documents follow one another: one page stands in for them.
    assert len(reader.pages) == notice_pages + 1
    last = flat(reader.pages[-1].extract_text())
    assert "250221 Rapport översyn samverkansstruktur" in last
    assert reason in last
    assert reader.metadata["/Title"] == f"Handlingar {rsr_meeting}"
    # qpdf finds nothing wrong in the bundle's structure.
    assert pikepdf.open(io.BytesIO(pdf)).check_pdf_syntax() == []


def test_a_bundle_copies_a_documents_streams_as_they_are(rsr_meeting, tmp_path, settings):
    """A stream compressed twice over (a small file that inflates to many megabytes) is
    copied into the bundle as it came, not inflated and compressed again."""
    import zlib

    import pikepdf

    from samverkan.documents.services import document_version_add

    settings.MEDIA_ROOT = tmp_path
    pdf = pikepdf.new()
    pdf.add_blank_page()
    bomb = zlib.compress(zlib.compress(b"\0" * 20_000_000, 9), 9)
    stream = pikepdf.Stream(pdf, bomb)
    stream["/Filter"] = pikepdf.Array([pikepdf.Name.FlateDecode, pikepdf.Name.FlateDecode])
    pdf.pages[0].obj["/Bomb"] = pdf.make_indirect(stream)
    out = io.BytesIO()
    pdf.save(out, compress_streams=False)
    doc = rsr_meeting.items.get(position=5).documents.order_by("position")[2].document
    document_version_add(doc, data=notice_pdf(rsr_meeting, PUBLIC), filename="rapport.pdf")
    with open(doc.current.file.path, "wb") as fh:
        fh.write(out.getvalue())
    bundle = bundle_pdf(rsr_meeting, PUBLIC)
    assert len(bundle) < 2_000_000
    read = pikepdf.open(io.BytesIO(bundle))
    assert read.pages[-1].obj["/Bomb"].read_raw_bytes() == bomb
