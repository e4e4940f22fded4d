from django.contrib.postgres.search import SearchVectorField
from django.db import models

from samverkan.structure.models import Body, Collaboration


class SearchEntryQuerySet(models.QuerySet["SearchEntry"]):
    def visible_to(self, audience: object) -> "SearchEntryQuerySet":
        """Entries whose object the audience reads in full, decided on the object itself
        through its own `visible_to` (so a stale entry never shows more than its object)."""
        from .readable import readable_condition

        return self.filter(readable_condition(audience))


class SearchEntry(models.Model):
    """One searchable thing. `is_public` is false for anything confidential or not yet
    public (unattested minutes, closed items); such entries are found only by those with
    the right to see them."""

    class Kind(models.TextChoices):
        CASE = "case", "Ärende"
        ENTRY = "entry", "Diarieföring"
        DOCUMENT = "document", "Handling"
        AGENDA_ITEM = "agenda_item", "Punkt på föredragningslista"
        SECTION = "section", "Protokollsparagraf"

    kind = models.CharField(max_length=12, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(max_length=500)
    text = models.TextField(blank=True)
    url = models.CharField(max_length=300)
    body = models.ForeignKey(
        Body, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The collaboration the object belongs to (empty for a document attached to nothing
    # yet): search is scoped by it as every list is.
    collaboration = models.ForeignKey(
        Collaboration, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    is_public = models.BooleanField(default=True)
    # PostgreSQL only: to_tsvector('swedish', …), GIN-indexed (see migration 0002).
    vector = SearchVectorField(null=True, editable=False)

    objects = SearchEntryQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique")
        ]
        indexes = [
            models.Index(fields=["is_public", "kind"]),
            # Search reads one collaboration's entries newest first (backends.query).
            models.Index(fields=["collaboration", "id"], name="search_entry_collab_id"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"
