"""What the document store tells the apps above it (they listen; it knows none of them)."""

from django.dispatch import Signal

# Sent in the disposal's transaction with `document_ids` and `note`: copies of these
# documents kept elsewhere (e.g. finished e-archive export jobs) must go too.
documents_disposed = Signal()
