"""The reading view (läsplattan): the member's meetings and documents, notes on their
pages, watch words; readable offline through a service worker that keeps what the
offline manifest lists."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from samverkan.access.policy import (
    Audience,
    audience_for,
    may_change_note,
    may_share_with_party,
)

from . import selectors, services
from .forms import NoteChangeForm, NoteForm, WatchWordForm, WatchWordRemoveForm
from .models import Note, WatchWord


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    audience = audience_for(request.user)
    mine = selectors.reading_meetings(audience)
    return render(
        request,
        "reading/home.html",
        {
            "no_person": audience.person_id is None,
            "upcoming": mine.upcoming,
            "held": mine.held,
            "limit": selectors.READING_LIMIT,
            "unseen": selectors.unseen_hit_count(audience),
        },
    )


@login_required
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    audience = audience_for(request.user)
    found = selectors.reading_meeting(audience, pk)
    if found is None:
        raise Http404
    items = selectors.reading_meeting_items(found, audience)
    docs = [d for item in items for d in item.readable_documents]  # type: ignore[attr-defined]
    counts = selectors.note_count_by_document(audience, [d.document_id for d in docs])
    for d in docs:
        d.note_count = counts.get(d.document_id, 0)
    return render(request, "reading/meeting.html", {"meeting": found, "items": items})


@login_required
@require_http_methods(["GET", "POST"])
def document(request: HttpRequest, pk: int) -> HttpResponse:
    """A document page by page with the notes on it; a POST writes a note (the tablet's
    queued notes come as JSON requests)."""
    audience = audience_for(request.user)
    supporting = selectors.reading_document(audience, pk)
    if supporting is None:
        raise Http404
    doc = supporting.document
    version = selectors.readable_version(doc)
    pages = selectors.document_pages(version)
    form = NoteForm(initial={"page": 1})
    if request.method == "POST":
        form = NoteForm(request.POST)
        if form.is_valid():
            try:
                note = services.note_create(
                    author=request.user,
                    document=doc,
                    page=form.cleaned_data["page"],
                    text=form.cleaned_data["text"],
                    visibility=form.cleaned_data["visibility"],
                    uuid=form.cleaned_data.get("uuid"),
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, error.messages)
            else:
                if _wants_json(request):
                    return JsonResponse({"uuid": str(note.uuid), "saved": True})
                messages.success(request, "Anteckningen är sparad.")
                return redirect(f"{reverse('reading:document', args=[pk])}#sida-{note.page}")
        if _wants_json(request):
            return JsonResponse({"saved": False, "errors": form.errors.get_json_data()}, status=400)
    notes = list(selectors.notes_for(doc, audience))
    by_page: dict[int, list[Note]] = {}
    for note in notes:
        by_page.setdefault(note.page, []).append(note)
    return render(
        request,
        "reading/document.html",
        {
            "supporting": supporting,
            "document": doc,
            "item": supporting.agenda_item,
            "meeting": supporting.agenda_item.meeting,
            "version": version,
            "disposed": selectors.document_is_disposed(doc),
            "pages": [(n, text, by_page.get(n, [])) for n, text in enumerate(pages, 1)],
            "stray_notes": [n for n in notes if n.page > len(pages)],
            "notes": notes,
            "form": form,
            "may_share": may_share_with_party(audience),
            "user_id": request.user.pk,
        },
    )


@login_required
def document_file(request: HttpRequest, pk: int) -> FileResponse:
    """The document's file inside the reading view's scope, so the tablet keeps it."""
    supporting = selectors.reading_document(audience_for(request.user), pk)
    version = selectors.readable_version(supporting.document) if supporting else None
    if version is None:  # no file, or disposed of (gallrad)
        raise Http404
    return FileResponse(
        version.file.open("rb"),
        content_type=version.content_type,
        filename=version.original_name or f"{supporting.title}.pdf",  # type: ignore[union-attr]
    )


@login_required
@require_http_methods(["GET", "POST"])
def note(request: HttpRequest, pk: int) -> HttpResponse:
    """The author changes or deletes a note; anyone else finds nothing here."""
    audience = audience_for(request.user)
    found = Note.objects.visible_to(audience).filter(pk=pk).select_related("document").first()
    if found is None or not may_change_note(audience, found.author_id):
        raise Http404
    supporting = found.document.agenda_links.order_by("pk").first()
    back = (
        reverse("reading:document", args=[supporting.pk])
        if supporting
        else reverse("reading:overview")
    )
    form = NoteChangeForm(initial={"text": found.text, "visibility": found.visibility})
    if request.method == "POST":
        if request.POST.get("action") == "delete":
            services.note_delete(found, by=request.user)
            messages.success(request, "Anteckningen är borttagen.")
            return redirect(back)
        form = NoteChangeForm(request.POST)
        if form.is_valid():
            try:
                services.note_update(
                    found,
                    by=request.user,
                    text=form.cleaned_data["text"],
                    visibility=form.cleaned_data["visibility"],
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, "Anteckningen är ändrad.")
                return redirect(f"{back}#sida-{found.page}")
    return render(request, "reading/note.html", {"note": found, "form": form, "back": back})


@login_required
@require_http_methods(["GET", "POST"])
def watch(request: HttpRequest) -> HttpResponse:
    """The member's watch words and what they found."""
    audience = audience_for(request.user)
    form = WatchWordForm()
    if request.method == "POST":
        action = request.POST.get("action", "add")
        if action == "remove":
            remove = WatchWordRemoveForm(request.POST)
            if not remove.is_valid():
                messages.error(request, " ".join(str(e) for e in remove.errors.get("word_id", [])))
                return _watch_page(request, audience, form, status=400)
            word = get_object_or_404(
                WatchWord, pk=remove.cleaned_data["word_id"], user=request.user
            )
            services.watch_word_remove(word, by=request.user)
            messages.success(request, f"Du bevakar inte längre ”{word.word}”.")
            return redirect("reading:watch")
        if action == "seen":
            services.watch_hits_mark_seen(user=request.user)
            return redirect("reading:watch")
        form = WatchWordForm(request.POST)
        if form.is_valid():
            try:
                added = services.watch_word_add(user=request.user, word=form.cleaned_data["word"])
            except ValidationError as error:
                for errors in error.message_dict.values():
                    form.add_error("word", errors)
            else:
                messages.success(request, f"Du bevakar nu ”{added.word}”.")
                return redirect("reading:watch")
    return _watch_page(request, audience, form)


def _watch_page(
    request: HttpRequest, audience: Audience, form: WatchWordForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "reading/watch.html",
        {
            "form": form,
            "words": selectors.watch_words_of(request.user),
            "hits": selectors.watch_hits_for(audience),
            "limit": selectors.HITS_LIMIT,
            "unseen": selectors.unseen_hit_count(audience),
        },
        status=status,
    )


def offline_manifest(request: HttpRequest) -> JsonResponse:
    """What the tablet may keep for offline reading, computed through the policy; the
    service worker drops whatever is no longer listed. Signed out: nothing (403), and
    the tablet drops everything."""
    if not request.user.is_authenticated:
        return JsonResponse({"signed_in": False, "urls": []}, status=403)
    audience = audience_for(request.user)
    kept = selectors.offline_set(audience)
    urls = [reverse("reading:overview"), reverse("reading:watch")]
    urls += [reverse("reading:meeting", args=[m.pk]) for m in kept.meetings]
    for d in kept.documents:
        urls.append(reverse("reading:document", args=[d.pk]))
        urls.append(reverse("reading:document_file", args=[d.pk]))
    assets = [
        static(name)
        for name in (
            "samverkan/site.css",
            "samverkan/htmx.min.js",
            "samverkan/reading.js",
            "samverkan/favicon.svg",
        )
    ]
    return JsonResponse(
        {"signed_in": True, "user": request.user.pk, "urls": urls, "assets": assets}
    )


def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker's script, served at the reading view's path so that its scope
    covers the reading pages (a worker's scope is at most its script's directory)."""
    path = finders.find("samverkan/reading-sw.js")
    if not path:
        raise Http404
    with open(str(path), encoding="utf-8") as handle:
        script = handle.read()
    config = {"scope": reverse("reading:overview"), "manifest": reverse("reading:offline_manifest")}
    response = HttpResponse(
        f"const LASPLATTA = {json.dumps(config)};\n{script}",
        content_type="application/javascript; charset=utf-8",
    )
    response["Cache-Control"] = "no-store"
    response["Service-Worker-Allowed"] = reverse("reading:overview")
    return response
