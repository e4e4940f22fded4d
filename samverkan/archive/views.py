"""The archivist's pages: export jobs (list and a form to start one) and the finished
package as a zip download. Only for those who may archive (policy.may_archive)."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render

from samverkan.access.policy import audience_for, may_archive
from samverkan.pagination import paginate

from . import services
from .forms import ExportForm
from .models import ArchiveExport


def _require_archivist(request: HttpRequest) -> HttpResponse | None:
    if may_archive(audience_for(request.user)):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


def exports(request: HttpRequest) -> HttpResponse:
    refusal = _require_archivist(request)
    if refusal:
        return refusal
    form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        job = services.archive_export_request(
            kind=data["kind"],
            by=request.user,
            case_number=(data.get("case_number") or "").strip()
            if data["kind"] == ArchiveExport.Kind.CASE
            else "",
            body=data.get("body") if data["kind"] == ArchiveExport.Kind.BODY_YEAR else None,
            year=data.get("year") if data["kind"] == ArchiveExport.Kind.BODY_YEAR else None,
        )
        services.archive_export_run(job)
        if job.status == ArchiveExport.Status.DONE:
            messages.success(request, f"Exporten av {job.what} är klar.")
        else:
            messages.error(request, f"Exporten av {job.what} misslyckades: {job.error}")
        return redirect("archive:exports")
    page = paginate(request, ArchiveExport.objects.select_related("body", "requested_by"))
    return render(request, "archive/exports.html", {"form": form, "page": page})


def download(request: HttpRequest, pk: int) -> HttpResponseBase:
    refusal = _require_archivist(request)
    if refusal:
        return refusal
    job = get_object_or_404(ArchiveExport, pk=pk)
    path = services.job_download(job)
    if path is None:
        raise Http404("Exporten har inget färdigt paket.")
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)
