from django.http import FileResponse, Http404, HttpRequest

from .models import Document


def document_download(request: HttpRequest, pk: int) -> FileResponse:
    """The current version; a confidential document is as absent as a missing one."""
    document = Document.objects.visible_to(request.user).filter(pk=pk).first()
    version = document.current if document else None
    if version is None:
        raise Http404
    return FileResponse(
        version.file.open("rb"), content_type=version.content_type, filename=version.original_name
    )
