"""The members' reading view: notes on the pages of documents, watch words and what
they found. None of it is a public document: a note is a member's working paper (never
in search, OParl, the API, feeds, exports or the archive), a watch word a personal
setting."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samverkan.audit.models import AuditedModel
from samverkan.documents.models import Document


class NoteQuerySet(models.QuerySet["Note"]):
    def visible_to(self, audience: object) -> "NoteQuerySet":
        """Notes the audience reads (policy.note_reader_q) on documents it still reads: when
        access to the document ends, its notes are shown to no one, the author included."""
        from samverkan.access.policy import audience_for, note_reader_q

        aud = audience_for(audience)
        readable = Document.objects.visible_to(aud).values("pk")
        return self.filter(note_reader_q(aud)).filter(document__in=readable)


class Note(AuditedModel):
    class Visibility(models.TextChoices):
        PRIVATE = "private", _("Bara jag")
        PARTY = "party", _("Min partigrupp")

    # Made by the tablet when the note is written (offline too): sending it twice saves
    # it once.
    uuid = models.UUIDField(_("id"), default=uuid.uuid4, unique=True, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skriven av"),
        on_delete=models.PROTECT,
        related_name="reading_notes",
    )
    document = models.ForeignKey(
        Document, verbose_name=_("handling"), on_delete=models.PROTECT, related_name="notes"
    )
    page = models.PositiveIntegerField(_("sida"), default=1)
    text = models.TextField(_("anteckning"), max_length=4000)
    visibility = models.CharField(
        _("synlig för"), max_length=10, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    created_at = models.DateTimeField(_("skriven"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    objects = NoteQuerySet.as_manager()

    # A working paper of the member's: the audit log records that the text changed, never
    # the text (administrators read the log).
    audit_redacted_fields = ("text",)

    class Meta:
        verbose_name = _("anteckning")
        verbose_name_plural = _("anteckningar")
        ordering = ["document", "page", "created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(page__gte=1), name="note_page_positive")
        ]

    def __str__(self) -> str:
        # Never the text: the audit log's object name is read by administrators.
        return f"Anteckning {self.pk} s. {self.page}"


class WatchWord(AuditedModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("användare"),
        on_delete=models.CASCADE,
        related_name="watch_words",
    )
    word = models.CharField(_("bevakningsord"), max_length=100)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    class Meta:
        verbose_name = _("bevakningsord")
        verbose_name_plural = _("bevakningsord")
        ordering = ["user", "word"]
        constraints = [models.UniqueConstraint(fields=["user", "word"], name="watch_word_unique")]

    def __str__(self) -> str:
        return self.word


class WatchHitQuerySet(models.QuerySet["WatchHit"]):
    def visible_to(self, audience: object) -> "WatchHitQuerySet":
        """The audience's own hits whose item it still reads (a closed item's hit is gone
        when access to the meeting ends); cases are public."""
        from samverkan.access.policy import audience_for
        from samverkan.meetings.models import AgendaItem

        aud = audience_for(audience)
        if aud.user_id is None:
            return self.none()
        items = AgendaItem.objects.visible_to(aud).values("pk")
        return self.filter(watch_word__user_id=aud.user_id).filter(
            models.Q(agenda_item__isnull=True) | models.Q(agenda_item__in=items)
        )


class WatchHit(AuditedModel):
    watch_word = models.ForeignKey(
        WatchWord, verbose_name=_("bevakningsord"), on_delete=models.CASCADE, related_name="hits"
    )
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        verbose_name=_("punkt"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("ärende"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    found_at = models.DateTimeField(_("hittad"), auto_now_add=True)
    seen = models.BooleanField(_("sedd"), default=False)

    objects = WatchHitQuerySet.as_manager()

    class Meta:
        verbose_name = _("träff")
        verbose_name_plural = _("träffar")
        ordering = ["-found_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["watch_word", "agenda_item"], name="watch_hit_item_unique"
            ),
            models.UniqueConstraint(fields=["watch_word", "case"], name="watch_hit_case_unique"),
            models.CheckConstraint(
                condition=models.Q(agenda_item__isnull=False) | models.Q(case__isnull=False),
                name="watch_hit_names_something",
            ),
        ]

    def __str__(self) -> str:
        return f"Träff {self.pk}"
