"""Import pages: upload, preview of what was understood, and confirmation. The uploaded
text waits in the user's session (signed, server-side; never a file on disk) and nothing
is saved before the confirmation, which asks the policy again for the body it saves to."""

from __future__ import annotations

import functools
import hashlib
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from samverkan.access.policy import audience_for, may_use_import
from samverkan.structure.scoping import current_collaboration

from . import preview, services
from .forms import NoticeUploadForm, PersonsUploadForm
from .parse import ParseError, parse_text

NOTICE_KEY = "importer_notice"
PERSONS_KEY = "importer_persons"


def _importers_only(view: Any) -> Any:
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not may_use_import(audience_for(request.user)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _collaboration(request: HttpRequest, *, create: bool) -> Any:
    """The collaboration the import goes into; in an empty installation one is created
    only for a confirmed import (create), never for a page that is only looked at."""
    found = current_collaboration(request) or services.import_collaboration_find()
    if found is None and create:
        return services.import_collaboration()
    return found


@_importers_only
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    form = NoticeUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["text"]
        try:
            parse_text(text)
        except ParseError as exc:
            form.add_error("file", str(exc))
        else:
            _pending_save(request, NOTICE_KEY, text, filename=form.cleaned_data["file"].name[:200])
            return redirect("importer:preview")
    return render(request, "importer/upload.html", {"form": form})


def _pending_save(request: HttpRequest, key: str, text: str, **more: object) -> None:
    """Keep the upload in this user's session with its digest and the collaboration it
    was uploaded in: the confirmation must name the same upload, in the same place."""
    collaboration = current_collaboration(request)
    request.session[key] = {
        "text": text,
        "user": request.user.pk,
        "digest": hashlib.sha256(text.encode()).hexdigest()[:32],
        "collaboration": collaboration.pk if collaboration else None,
        **more,
    }


def _confirm_problem(request: HttpRequest, pending: dict) -> str:
    """Why a confirmation may not save what waits in the session: it was shown from
    another upload (a second tab replaced it), or is posted in another collaboration."""
    if request.POST.get("digest") != pending.get("digest"):
        return (
            "Det du bekräftade är inte längre det som väntar (en annan fil har laddats upp "
            "sedan). Granska importen nedan och bekräfta igen."
        )
    collaboration = current_collaboration(request)
    if (collaboration.pk if collaboration else None) != pending.get("collaboration"):
        return "Filen laddades upp i en annan samverkan; ladda upp den där du vill spara den."
    return ""


def _pending(request: HttpRequest, key: str) -> dict | None:
    """The upload waiting in this user's session (None when there is none, or when it was
    left by someone else who signed in on the same browser)."""
    pending = request.session.get(key)
    if not isinstance(pending, dict) or pending.get("user") != request.user.pk:
        return None
    return pending


@_importers_only
@require_http_methods(["GET", "POST"])
def preview_page(request: HttpRequest) -> HttpResponse:
    pending = _pending(request, NOTICE_KEY)
    if pending is None:
        messages.info(request, "Ladda upp en kallelse eller ett protokoll först.")
        return redirect("importer:upload")
    parsed = parse_text(pending["text"])
    audience = audience_for(request.user)
    collaboration = _collaboration(request, create=False)
    if collaboration is None:  # an empty installation: everything would be new
        body, problem = None, "" if audience.is_admin else "Det finns ingen samverkan ännu."
        matches = [(name, "") for name in services.parsed_names(parsed)]
    else:
        body, problem = services.import_target(
            parsed, collaboration=collaboration, audience=audience
        )
        matches = services.persons_matched(parsed, collaboration=collaboration, body=body)
    if request.method == "POST" and not problem:
        problem = _confirm_problem(request, pending)
    if request.method == "POST" and not problem:
        try:
            with transaction.atomic():  # a collaboration made here goes with a failed import
                result = services.notice_import(
                    parsed,
                    collaboration=_collaboration(request, create=True),
                    user=request.user,
                    source=f"Import av {pending['filename']}",
                )
        except ValidationError as exc:
            problem = " ".join(exc.messages)
        else:
            del request.session[NOTICE_KEY]
            messages.success(
                request,
                f"Sammanträdet {result.meeting} är sparat med {result.counts['punkter']} punkter.",
            )
            for note in result.notes:
                messages.warning(request, note)
            return redirect(result.meeting.get_absolute_url())
    return render(
        request,
        "importer/preview.html",
        {
            "parsed": parsed,
            "filename": pending["filename"],
            "facts": preview.facts(parsed),
            "tables": [
                *preview.tables(parsed),
                preview.persons_table(matches),
            ],
            "not_understood": preview.not_understood(parsed),
            "set_aside": preview.set_aside(parsed),
            "body": body,
            "problem": problem,
            "digest": pending.get("digest", ""),
        },
        status=200,
    )


@_importers_only
@require_http_methods(["GET", "POST"])
def persons(request: HttpRequest) -> HttpResponse:
    # Persons are placed in existing bodies: no collaboration is ever created here.
    collaboration = _collaboration(request, create=False)
    audience = audience_for(request.user)
    rows: list[services.PersonRow] = []
    errors: list[services.RowError] = []
    form = PersonsUploadForm()
    if request.method == "POST" and collaboration is None:
        errors = [
            services.RowError(1, "", "Det finns ingen samverkan ännu; lägg upp organen först.")
        ]
    elif request.method == "POST" and "confirm" in request.POST:
        pending = _pending(request, PERSONS_KEY)
        if pending is None:
            messages.info(request, "Ladda upp en CSV-fil först.")
            return redirect("importer:persons")
        rows, errors = services.persons_csv_read(
            pending["text"], collaboration=collaboration, audience=audience
        )
        problem = _confirm_problem(request, pending)
        if problem:
            errors = [services.RowError(1, "", problem), *errors]
        if not errors:
            counts, errors = services.persons_import(rows, audience=audience, user=request.user)
            if not errors:
                del request.session[PERSONS_KEY]
                summary = ", ".join(f"{k}: {v}" for k, v in sorted(counts.items()))
                messages.success(request, f"Personerna är inlästa ({summary or 'inget nytt'}).")
                return redirect("importer:persons")
    elif request.method == "POST":
        form = PersonsUploadForm(request.POST, request.FILES)
        if form.is_valid():
            text = form.cleaned_data["text"]
            rows, errors = services.persons_csv_read(
                text, collaboration=collaboration, audience=audience
            )
            if not errors:
                _pending_save(request, PERSONS_KEY, text)
    return render(
        request,
        "importer/persons.html",
        {
            "form": form,
            "rows": rows,
            "errors": errors,
            "columns": services.CSV_COLUMNS,
            "digest": (_pending(request, PERSONS_KEY) or {}).get("digest", ""),
        },
    )
