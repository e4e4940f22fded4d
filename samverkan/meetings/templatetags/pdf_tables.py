"""For the tagged PDF: WeasyPrint links a table's cells to their headers by the headers'
scope, and takes a <th> without one for a column header. The minutes' head (kept as
sealed, so not re-rendered) has row headers without scope; the PDF marks them here."""

import re

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def row_headers(html: str) -> SafeString:
    """Sealed HTML (trusted: rendered by the site's templates) with every <th> that opens
    a row marked scope="row"."""
    return mark_safe(re.sub(r"<tr>(\s*)<th>", r'<tr>\1<th scope="row">', html))  # noqa: S308
