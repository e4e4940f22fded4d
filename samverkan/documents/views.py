from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from samverkan.access.policy import audience_for, may_archive
from samverkan.pagination import paginate

from .forms import VersionForm
from .models import Document
from .services import document_version_add


def document_download(request: HttpRequest, pk: int) -> FileResponse:
    """The current version; a confidential document is as absent as a missing one."""
    document = Document.objects.visible_to(request.user).filter(pk=pk).first()
    version = document.current if document else None
    if version is None:
        raise Http404
    return FileResponse(
        version.file.open("rb"), content_type=version.content_type, filename=version.original_name
    )


def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A document in the store: its versions with checksums, and for those who may, a
    new version."""
    audience = audience_for(request.user)
    document = get_object_or_404(Document.objects.visible_to(audience), pk=pk)
    may_change = Document.objects.changeable_by(audience).filter(pk=pk).exists()
    form = VersionForm()
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied
        form = VersionForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                version = document_version_add(
                    document, data=upload.read(), filename=upload.name, by=request.user
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error("file", message)
            else:
                messages.success(request, f"Version {version.number} är sparad.")
                return redirect(document)
    page = paginate(request, document.versions.select_related("created_by").order_by("-number"))
    return render(
        request,
        "documents/document_detail.html",
        {
            "document": document,
            "versions": page.items,
            "page": page,
            "form": form,
            "may_change": may_change,
            "may_archive": may_archive(audience),
            # On a closed agenda item the document is not public, marked or not.
            "on_closed_item": document.agenda_links.filter(agenda_item__is_public=False).exists(),
        },
    )
