"""Documents of a meeting: the notice as PDF and DOCX, the meeting bundle, the minutes
and extracts as PDF, and calendar entries. They take selector output and render it;
they decide nothing."""

import datetime
import functools
import hashlib
import io
import json
import zoneinfo
from collections.abc import Iterable
from typing import Any

import pikepdf
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from icalendar import (
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vCalAddress,
    vText,
)

from samverkan.access.policy import Audience, may_read_closed
from samverkan.documents import pdf as archive_pdf

from .models import AgendaItem, Meeting, Section
from .selectors import (
    calendar_meetings,
    called_to,
    dispatch_names,
    meeting_attendance,
    meeting_is_cancelled,
    meeting_sections,
    others_present,
    party_letters_on,
    readable_documents_attach,
)


def _pdf(template: str, context: dict[str, object]) -> bytes:
    return archive_pdf.render(render_to_string(template, context))


def _items(meeting: Meeting, audience: Audience) -> list[AgendaItem]:
    """Every item in agenda order (closed ones keep their number in the public version),
    each with the supporting documents the audience may read."""
    items = list(
        meeting.items.select_related("case__series")
        .prefetch_related("documents__document__versions")
        .order_by("position")
    )
    return readable_documents_attach(meeting, items, audience)


def notice_context(meeting: Meeting, audience: Audience) -> dict[str, object]:
    """For an audience outside the meeting the public version: closed items keep only
    their number."""
    return {
        "meeting": meeting,
        "called": called_to(meeting),
        "items": _items(meeting, audience),
        "public": not may_read_closed(audience, meeting.body_id, meeting.date),
    }


def notice_pdf(meeting: Meeting, audience: Audience) -> bytes:
    return _pdf("meetings/pdf/notice.html", notice_context(meeting, audience))


def _notice_with_item_pages(
    meeting: Meeting, audience: Audience
) -> tuple[bytes, dict[int, int], list[AgendaItem]]:
    """The notice PDF, per item position the page its heading stands on, and the items
    (with the documents the audience reads) it was made from."""
    context = notice_context(meeting, audience)
    html = render_to_string("meetings/pdf/notice.html", context)
    document = archive_pdf.render_document(html)
    pages: dict[int, int] = {}
    for index, page in enumerate(document.pages):
        for anchor in page.anchors:
            if anchor.startswith("punkt-"):
                pages.setdefault(int(anchor.removeprefix("punkt-")), index)
    return archive_pdf.write(document), pages, context["items"]  # type: ignore[return-value]


def _docx(*, title: str, author: str) -> Any:
    """A Word document as the body would send it: A4 with 2.5 cm margins, Swedish as the
    language of its properties and of every style (spell checking, screen readers'
    pronunciation), the title and the body as author in its properties."""
    doc = Document()
    doc.styles["Normal"].font.name = "Arial"
    doc.styles["Normal"].font.size = Pt(11)
    properties = doc.core_properties
    properties.title = title
    properties.author = author
    properties.language = "sv-SE"
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    run_properties = run_defaults.find(qn("w:rPr")) if run_defaults is not None else None
    if run_properties is None:
        run_properties = doc.styles["Normal"].element.get_or_add_rPr()
    lang = run_properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        run_properties.append(lang)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attribute), "sv-SE")
    for section in doc.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(25)
        section.top_margin = section.bottom_margin = Mm(25)
    return doc


def notice_docx(meeting: Meeting, audience: Audience) -> bytes:
    """The notice in Word, in the layout of the seed notice. Headings in order: the
    title, then "Kallade" and the items at level 1, what they hold at level 2."""
    ctx = notice_context(meeting, audience)
    public = ctx["public"]
    called = ctx["called"]
    doc = _docx(
        title=f"Kallelse {meeting.body.short_name} {meeting.date:%Y-%m-%d}",
        author=meeting.body.name,
    )
    doc.add_heading("Kallelse/föredragningslista", level=0)
    doc.add_paragraph(meeting.body.name).runs[0].bold = True
    doc.add_paragraph(f"{meeting.date:%Y-%m-%d}")
    end = f"-{meeting.end_time:%H:%M}" if meeting.end_time else ""
    doc.add_paragraph(f"Tid: kl. {meeting.start_time:%H:%M}{end}")
    doc.add_paragraph(f"Plats: {meeting.place}")

    doc.add_heading("Kallade", level=1)

    def roster(heading: str, memberships: Iterable[object]) -> None:
        doc.add_heading(heading, level=2)
        for m in memberships:
            letters = f" ({m.party_letters})" if m.party_letters else ""  # type: ignore[attr-defined]
            vice = ", vice ordförande" if m.role == "vice_chair" else ""  # type: ignore[attr-defined]
            doc.add_paragraph(f"{m.person.name}{letters}{vice}")  # type: ignore[attr-defined]

    if called.chair:  # type: ignore[attr-defined]
        roster("Ordförande", [called.chair])  # type: ignore[attr-defined]
    roster("Ledamöter", called.members)  # type: ignore[attr-defined]
    roster("Ersättare", called.substitutes)  # type: ignore[attr-defined]
    for item in ctx["items"]:  # type: ignore[attr-defined]
        title = f"{item.position}. {item.title}"
        if item.case_number:
            title += f" ({item.case_number})"
        if public and not item.is_public:
            title = f"{item.position}. Ej offentlig punkt"
        doc.add_heading(title, level=1)
        if not item.is_public:
            doc.add_paragraph("Punkten är inte offentlig.")
            if public:
                continue
        line = ", ".join(x for x in [item.presenters] if x)
        if item.planned_start:
            line = f"{line} {item.planned_start:%H:%M}".strip()
        if line:
            doc.add_paragraph(line)
        if item.description:
            doc.add_heading("Ärendebeskrivning", level=2)
            for para in item.description.split("\n\n"):
                doc.add_paragraph(para.strip())
        if item.decision_points:
            doc.add_heading("Förslag till beslut", level=2)
            if item.proposer:
                doc.add_paragraph(item.proposer)
            for point in item.decision_points:
                doc.add_paragraph(point, style="List Number")
        if item.dispatch_list:
            doc.add_heading("Expedieras till", level=2)
            for recipient in dispatch_names(item.dispatch_list):
                doc.add_paragraph(recipient)
        documents = item.readable_documents
        if documents:
            doc.add_heading("Beslutsunderlag", level=2)
            for d in documents:
                doc.add_paragraph(d.title, style="List Bullet")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _document_part(document: object) -> pikepdf.Pdf | tuple[str, str]:
    """A supporting document's current version as PDF (opened once: the file that showed
    its first page is the one the bundle takes its pages from), or the title and reason
    for the page that says why it is not there."""
    title = document.title  # type: ignore[attr-defined]
    version = document.current  # type: ignore[attr-defined]
    if version is None:
        return title, "Handlingen finns inte i digital form i systemet."
    if version.content_type != "application/pdf":
        return title, f"Handlingen finns som {version.original_name} och tas inte med i PDF:en."
    with version.file.open("rb") as fh:
        data: bytes = fh.read()
    try:
        pdf = pikepdf.open(io.BytesIO(data))
        pdf.pages[0]
    except pikepdf.PasswordError:  # not a PdfError
        return title, "Filen är lösenordsskyddad och tas inte med i PDF:en."
    except (pikepdf.PdfError, IndexError, ValueError):
        return title, "Filen kunde inte läsas som PDF."
    return pdf


def _missing_pages(
    runs: list[list[tuple[int, str, str]]],
) -> tuple[pikepdf.Pdf, list[tuple[int, int]], dict[int, int]]:
    """The pages for the documents a bundle cannot hold, laid out as one document (one
    WeasyPrint run for the bundle, not one per document: 78 pages 3.2 s → 0.3 s): each
    run of documents that follow one another in the bundle on pages of its own, the run's
    documents one after the other on them. Returns the pages, each run's page range, and
    per document (its place in the bundle) the page its heading stands on.

    A page per document left a national meeting's bundle with 78 pages that each held one
    line, laid out in 0.7–1.0 s of its 3.2 s; its 78 documents in two runs take 13 pages
    (the bundle 2.86–3.77 → 2.34–3.15 s in-process, alternated)."""
    document = archive_pdf.render_document(
        render_to_string("meetings/pdf/missing_documents.html", {"runs": runs})
    )
    page_of: dict[int, int] = {}
    run_starts: dict[int, int] = {}
    # A run's anchor is on every page the run is on: its first is where it starts.
    for number, page in enumerate(document.pages):
        for anchor in page.anchors:
            if anchor.startswith("saknas-"):
                page_of.setdefault(int(anchor.removeprefix("saknas-")), number)
            elif anchor.startswith("foljd-"):
                run_starts.setdefault(int(anchor.removeprefix("foljd-")), number)
    starts = [run_starts[n] for n in range(len(runs))]
    ends = [*starts[1:], len(document.pages)]
    pdf = pikepdf.open(io.BytesIO(archive_pdf.write(document)))
    return pdf, list(zip(starts, ends, strict=True)), page_of


def _missing_runs(parts: list[pikepdf.Pdf | tuple[str, str]]) -> list[list[tuple[int, str, str]]]:
    """The documents without PDF pages, by their place in the bundle (`parts` in bundle
    order), in runs of those that follow one another: (place, title, reason)."""
    runs: list[list[tuple[int, str, str]]] = []
    after_missing = False
    for place, part in enumerate(parts):
        if isinstance(part, tuple):
            if not after_missing:
                runs.append([])
            runs[-1].append((place, *part))
        after_missing = isinstance(part, tuple)
    return runs


def bundle_pdf(meeting: Meeting, audience: Audience) -> bytes:
    """The notice followed by every supporting document the audience may read, in agenda
    order, with a bookmark per item and per document. A document without PDF pages is
    stood in for by its title and why it is not there; those that follow one another
    share pages (`_missing_pages`).

    Put together by qpdf (pikepdf), not pypdf: a national meeting's bundle of 295 pages
    took 3.4–3.8 s with pypdf's copying and writing, 2.5 s with qpdf's (in-process)."""
    notice, item_pages, items = _notice_with_item_pages(meeting, audience)
    public = not may_read_closed(audience, meeting.body_id, meeting.date)
    opened: dict[int, pikepdf.Pdf | tuple[str, str]] = {}
    placed = [d for item in items for d in item.readable_documents]  # type: ignore[attr-defined]
    for d in placed:
        if d.pk not in opened:
            opened[d.pk] = _document_part(d)
    parts = [opened[d.pk] for d in placed]
    runs = _missing_runs(parts)
    placeholders, ranges, page_of = _missing_pages(runs) if runs else (None, [], {})
    run_of = {place: n for n, run in enumerate(runs) for place, *_ in run}
    # Where each run's pages start in the bundle, once they are in it.
    run_at: dict[int, int] = {}
    # Every source stays open until the bundle is saved (qpdf copies their streams then).
    notice_source = pikepdf.open(io.BytesIO(notice))
    out = pikepdf.new()
    out.pages.extend(notice_source.pages)
    place = 0
    with out.open_outline() as outline:
        outline.root.append(pikepdf.OutlineItem("Kallelse och föredragningslista", 0))
        for item in items:
            title = item.title if item.is_public or not public else "Ej offentlig punkt"
            parent = pikepdf.OutlineItem(
                f"{item.position}. {title}", item_pages.get(item.position, 0)
            )
            outline.root.append(parent)
            for d in item.readable_documents:  # type: ignore[attr-defined]
                part = parts[place]
                if isinstance(part, pikepdf.Pdf):
                    start = len(out.pages)
                    out.pages.extend(part.pages)
                else:
                    assert placeholders is not None  # a missing part has its pages
                    run = run_of[place]
                    first, end = ranges[run]
                    if run not in run_at:
                        run_at[run] = len(out.pages)
                        out.pages.extend(placeholders.pages[first:end])
                    start = run_at[run] + page_of[place] - first
                parent.children.append(pikepdf.OutlineItem(d.title, start))
                place += 1
    out.docinfo["/Title"] = f"Handlingar {meeting}"
    out.docinfo["/Creator"] = "Samverkan"
    buffer = io.BytesIO()
    # The documents' streams copied as they are: qpdf's default decodes and compresses
    # them again, which a small stream compressed many times over (a "zip bomb" in a
    # received PDF) turns into minutes of work and gigabytes.
    out.save(buffer, compress_streams=False)
    return buffer.getvalue()


def minutes_context(meeting: Meeting) -> dict[str, object]:
    attendance = meeting_attendance(meeting)
    letters = party_letters_on(meeting)
    return {
        "meeting": meeting,
        "sections": meeting_sections(meeting),
        "present_members": [a for a in attendance if a.present and a.capacity == "member"],
        "serving_substitutes": [a for a in attendance if a.present and a.capacity == "substitute"],
        "others": others_present(meeting),
        "chair_letters": letters.get(meeting.chair_id or 0, ""),
        "absent": [a for a in attendance if not a.present],
        "attesters": [a.person for a in meeting.attesters.select_related("person")],
    }


def minutes_content(meeting: Meeting) -> dict[str, Any]:
    """The minutes' content as the signatories read it and as it is sealed: the head
    (time, place, attendance, attesters) and each § as rendered text. Attestation binds
    its SHA-256; extracts and the public version are cut from the sealed copy."""
    ctx = minutes_context(meeting)
    sections: list[Section] = ctx["sections"]  # type: ignore[assignment]
    return {
        "body_name": meeting.body.name,
        "body_short": meeting.body.short_name,
        "date": f"{meeting.date:%Y-%m-%d}",
        "chair_id": meeting.chair_id,
        "head": render_to_string("meetings/pdf/minutes_head.html", ctx),
        "sections": [_section_part(s) for s in sections],
    }


def _section_part(section: Section) -> dict[str, Any]:
    return {
        "number": section.number,
        "title": section.title,
        "agenda_item": section.agenda_item_id,
        "dispatch": section.agenda_item.dispatch_list if section.agenda_item else [],
        "html": render_to_string("meetings/pdf/section.html", {"s": section}),
    }


def section_content(section: Section) -> dict[str, Any]:
    """One § as its signatories read it (for immediate attestation)."""
    full = next(s for s in meeting_sections(section.meeting) if s.pk == section.pk)
    meeting = section.meeting
    return {
        "body_name": meeting.body.name,
        "body_short": meeting.body.short_name,
        "date": f"{meeting.date:%Y-%m-%d}",
        **_section_part(full),
    }


def content_sha256(content: dict[str, Any]) -> str:
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(canonical).hexdigest()


def sections_for_audience(
    content: dict[str, Any], readable_items: set[int] | None
) -> list[dict[str, Any]]:
    """The §§ of the content as an audience reads them: a § of an item outside
    `readable_items` keeps only its number (None: every § in full)."""
    out = []
    for s in content["sections"]:
        item = s["agenda_item"]
        if readable_items is None or item is None or item in readable_items:
            out.append(s)
        else:
            html = render_to_string("meetings/pdf/section_closed.html", {"number": s["number"]})
            out.append({**s, "html": html, "closed": True})
    return out


def minutes_pdf(
    meeting: Meeting,
    *,
    content: dict[str, Any] | None = None,
    readable_items: set[int] | None = None,
    attested_on: datetime.date | None = None,
    draft: bool = False,
) -> bytes:
    """The minutes from their content (the sealed copy once there is one). With
    `readable_items` set, the §§ of other items keep only their number: the public
    version; the sealed original stays with those who may read it all."""
    if content is None:
        # The sealed copy once the minutes are sealed; before that the stored content
        # holds only §§ attested at once (omedelbar justering), so the draft is read live.
        stored = meeting.sealed_content or {}
        content = stored if stored.get("sections") else minutes_content(meeting)
    return _pdf(
        "meetings/pdf/minutes.html",
        {
            "content": content,
            "sections": sections_for_audience(content, readable_items),
            "public": readable_items is not None,
            "draft": draft,
            "attested_on": attested_on,
            "attestations": list(
                meeting.attestations.filter(section__isnull=True, voided_at__isnull=True)
                .select_related("person")
                .order_by("attested_at")
            )
            if not draft
            else [],
        },
    )


def extract_pdf(
    meeting: Meeting, sections: list[dict[str, Any]], *, certified_sha256: str
) -> bytes:
    """An extract is cut from the sealed content, never re-read from live data."""
    return _pdf(
        "meetings/pdf/extract.html",
        {
            "content": meeting.sealed_content,
            "sections": sections,
            "minutes_sha256": certified_sha256,
            "today": timezone.localdate(),
        },
    )


def _event(meeting: Meeting, url: str = "", *, public: bool = True) -> Event:
    """One meeting as a VEVENT in local time (DTSTART;TZID=Europe/Stockholm, the zone
    itself as a VTIMEZONE in the calendar). Reads the items and the SEQUENCE that
    selectors.calendar_meetings put on the meeting; no query of its own then."""
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    start = datetime.datetime.combine(meeting.date, meeting.start_time, tzinfo=tz)
    end = (
        datetime.datetime.combine(meeting.date, meeting.end_time, tzinfo=tz)
        if meeting.end_time
        else start + datetime.timedelta(hours=2)
    )
    items = getattr(meeting, "ics_items", None)
    if items is None:
        items = list(meeting.items.order_by("position"))
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@samverkan")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("sequence", getattr(meeting, "ics_sequence", 0) or 0)
    event.add("summary", f"{meeting.body.short_name}: sammanträde")
    event.add("location", meeting.place)
    lines = "\n".join(
        f"{i.position}. {i.title if i.is_public or not public else 'Ej offentlig punkt'}"
        for i in items
    )
    event.add("description", f"{meeting.body.name}\n\n{lines}")
    if meeting_is_cancelled(meeting):
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED")
    if url:
        event.add("url", url)
    return event


_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# Observances start here; the rules then hold for every meeting in any feed.
_RULES_FROM = 1970


def _transitions(tz: zoneinfo.ZoneInfo, year: int) -> list[tuple[datetime.datetime, Any, Any, str]]:
    """The zone's changes of offset in a year: (local time before the change, offset
    before, offset after, name after)."""
    found = []
    moment = datetime.datetime(year, 1, 1, tzinfo=datetime.UTC)
    offset = moment.astimezone(tz).utcoffset()
    while moment.year == year:
        following = moment + datetime.timedelta(hours=1)
        local = following.astimezone(tz)
        if local.utcoffset() != offset:
            before = following.replace(tzinfo=None) + offset  # type: ignore[operator]
            found.append((before, offset, local.utcoffset(), local.tzname() or ""))
            offset = local.utcoffset()
        moment = following
    return found


def _rule_day(day: datetime.date) -> str:
    """BYDAY for the day: its weekday counted from the month's end when it is the last
    one (-1SU), else from the start (2SU)."""
    following_month = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    if (following_month - day).days <= 7:
        return f"-1{_DAYS[day.weekday()]}"
    return f"{(day.day - 1) // 7 + 1}{_DAYS[day.weekday()]}"


def _rule_date(year: int, month: int, byday: str) -> datetime.date:
    """The day a yearly BYMONTH/BYDAY rule falls on in the year."""
    weekday, nth = _DAYS.index(byday[-2:]), int(byday[:-2])
    if nth < 0:
        day = (datetime.date(year, month, 28) + datetime.timedelta(days=4)).replace(day=1)
        day -= datetime.timedelta(days=1)
        return day - datetime.timedelta(days=(day.weekday() - weekday) % 7)
    first = datetime.date(year, month, 1)
    return first + datetime.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))


@functools.lru_cache(maxsize=8)
def _vtimezone(name: str, year: int) -> Timezone | None:
    """The zone as a VTIMEZONE with yearly rules (RFC 5545 §3.6.5, the form calendar
    programs write themselves), or None when this year's rules do not hold the next year
    too (then icalendar lists the transitions one by one)."""
    tz = zoneinfo.ZoneInfo(name)

    def rules(year: int) -> list[tuple[str, int, datetime.time, Any, Any, str]]:
        return [
            (_rule_day(t.date()), t.month, t.time(), *rest) for t, *rest in _transitions(tz, year)
        ]

    this = rules(year)
    if this != rules(year + 1):
        return None
    vtz = Timezone()
    vtz.add("tzid", name)
    if not this:
        fixed = TimezoneStandard()
        moment = datetime.datetime(year, 1, 1, tzinfo=tz)
        fixed.add("tzname", moment.tzname())
        fixed.add("tzoffsetfrom", moment.utcoffset())
        fixed.add("tzoffsetto", moment.utcoffset())
        fixed.add("dtstart", datetime.datetime(_RULES_FROM, 1, 1))
        vtz.add_component(fixed)
        return vtz
    for byday, month, at, before, after, tzname in this:
        observance = TimezoneDaylight() if after > before else TimezoneStandard()
        observance.add("tzname", tzname)
        observance.add("tzoffsetfrom", before)
        observance.add("tzoffsetto", after)
        start = datetime.datetime.combine(_rule_date(_RULES_FROM, month, byday), at)
        observance.add("dtstart", start)
        observance.add("rrule", {"freq": "yearly", "bymonth": month, "byday": byday})
        vtz.add_component(observance)
    return vtz


def _add_timezone(cal: Calendar) -> None:
    """RFC 5545 §3.2.19: every TZID used needs its VTIMEZONE, else a client reads the
    local times as floating or UTC."""
    if not cal.walk("VEVENT"):
        return
    vtz = _vtimezone(settings.TIME_ZONE, timezone.localdate().year)
    if vtz is None:
        cal.add_missing_timezones()
    else:
        cal.subcomponents.insert(0, vtz)


def _calendar(prodid: str, events: Iterable[Event], *, method: str = "") -> Calendar:
    cal = Calendar()
    cal.add("prodid", prodid)
    cal.add("version", "2.0")
    if method:
        cal.add("method", method)
    for event in events:
        cal.add_component(event)
    _add_timezone(cal)
    return cal


def calendar_ics(meetings: Iterable[Meeting], *, name: str, url_for: object = None) -> bytes:
    """A feed of meetings; pass selectors.calendar_meetings(...) for a bounded window in
    a constant number of queries."""
    cal = _calendar(
        "-//Samverkan//sammanträden//SV",
        (_event(m, url_for(m) if callable(url_for) else "") for m in meetings),
    )
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    return cal.to_ical()


def invitation_ics(
    meeting: Meeting, *, organizer: str, attendees: list[str], public: bool = True
) -> bytes:
    """The invitation sent with the notice. Its SEQUENCE is read afresh, so a notice sent
    again, or sent after the meeting moved, supersedes the one before in the calendar."""
    meeting = calendar_meetings(Meeting.objects.filter(pk=meeting.pk), window=False).get()
    event = _event(meeting, public=public)
    event["organizer"] = vCalAddress(f"MAILTO:{organizer}")
    for address in attendees:
        attendee = vCalAddress(f"MAILTO:{address}")
        attendee.params["ROLE"] = vText("REQ-PARTICIPANT")
        event.add("attendee", attendee, encode=False)
    # A cancellation goes out as METHOD:CANCEL (RFC 5546 §3.2.5).
    method = "CANCEL" if meeting_is_cancelled(meeting) else "REQUEST"
    return _calendar("-//Samverkan//kallelse//SV", [event], method=method).to_ical()


# --- The secretary's plan and the minutes in Word ---------------------------------------


def meeting_plan_pdf(body: Any, year: int, plan: list[Any], rules: Any) -> bytes:
    """The body's meeting plan for a year, with its deadlines, as PDF."""
    return _pdf(
        "meetings/pdf/meeting_plan.html",
        {"body": body, "year": year, "plan": plan, "rules": rules, "today": timezone.localdate()},
    )


def correction_pdf(meeting: Meeting, correction: Any, *, minutes_sha256: str) -> bytes:
    """One attested correction as its own document beside the sealed minutes, which are
    served as sealed: the correction names the checksum of the minutes it corrects (the
    one the reader is shown)."""
    return _pdf(
        "meetings/pdf/corrections.html",
        {"meeting": meeting, "corrections": [correction], "minutes_sha256": minutes_sha256},
    )


class _DocxFromHtml:
    """The minutes' stored HTML (head and §§, as sealed) as Word paragraphs: headings by
    level, paragraphs, table rows as "Rubrik: text". Only the content handed in is
    written; nothing is read from live data."""

    def __init__(self, doc: Any) -> None:
        self.doc = doc

    def add(self, html_text: str) -> None:
        import html.parser

        doc = self.doc
        parts: list[tuple[str, str]] = []
        stack: list[str] = []
        buffer: list[str] = []

        def flush(kind: str) -> None:
            # A <br> is a line break in the paragraph (python-docx writes "\n" as one).
            lines = [" ".join(line.split()) for line in "".join(buffer).split("\n")]
            text = "\n".join(line for line in lines if line)
            buffer.clear()
            if text:
                parts.append((kind, text))

        class Parser(html.parser.HTMLParser):
            def handle_starttag(self, tag: str, attrs: Any) -> None:
                if tag in ("h1", "h2", "h3", "p", "tr", "li"):
                    flush(stack[-1] if stack else "p")
                    stack.append(tag)
                elif tag == "br":
                    buffer.append("\n")
                elif tag in ("td", "th") and buffer:
                    buffer.append(": " if tag == "td" else " ")

            def handle_endtag(self, tag: str) -> None:
                if tag in ("h1", "h2", "h3", "p", "tr", "li") and stack:
                    flush(stack.pop())

            def handle_data(self, data: str) -> None:
                buffer.append(data.replace("\n", " "))

        parser = Parser()
        parser.feed(html_text)
        parser.close()
        flush("p")
        for kind, text in parts:
            # The document's title is its Title paragraph, so the page's h2 (a §) is a
            # Heading 1 and its h3 a Heading 2: headings in order, no level skipped.
            if kind in ("h1", "h2"):
                doc.add_heading(text, level=1)
            elif kind == "h3":
                doc.add_heading(text, level=2)
            elif kind == "li":
                doc.add_paragraph(text, style="List Bullet")
            else:
                doc.add_paragraph(text)


def minutes_docx(
    meeting: Meeting,
    *,
    content: dict[str, Any],
    readable_items: set[int] | None,
    draft: bool = False,
    corrections: Iterable[Any] = (),
) -> bytes:
    """The minutes in Word, from the same content as the PDF (the sealed copy once there
    is one): §§ of items outside `readable_items` keep only their number."""
    doc = _docx(
        title=f"Protokoll {content['body_short']} {content['date']}", author=content["body_name"]
    )
    title = "Protokoll"
    if draft:
        title += " (utkast, ej justerat)"
    elif readable_items is not None:
        title += " (offentlig version)"
    doc.add_heading(title, level=0)
    doc.add_paragraph(content["body_name"]).runs[0].bold = True
    writer = _DocxFromHtml(doc)
    writer.add(content["head"])
    for s in sections_for_audience(content, readable_items):
        writer.add(s["html"])
    if meeting.sealed_at and not draft:
        doc.add_paragraph(
            f"Justerat {timezone.localtime(meeting.sealed_at):%Y-%m-%d}. "
            f"SHA-256 för det justerade protokollet: {meeting.minutes_sha256}"
        )
    corrections = list(corrections)
    if corrections:
        doc.add_heading("Rättelser", level=1)
        writer.add(
            render_to_string(
                "meetings/includes/corrections_body.html", {"corrections": corrections}
            )
        )
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
