"""The meeting in the room: which item is being dealt with, when each item started and
ended, who has asked to speak, and a counter the screens follow."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from samverkan.audit.models import AuditedModel
from samverkan.meetings.models import AgendaItem, Meeting
from samverkan.structure.models import Person


class LiveMeeting(AuditedModel):
    """The meeting as it is held: opened by the secretary, closed when the last item is
    dealt with. The public web-cast shows it only when the meeting is open to the public,
    and then never a closed item."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="live")
    opened_at = models.DateTimeField(_("öppnat"), null=True, blank=True)
    closed_at = models.DateTimeField(_("avslutat"), null=True, blank=True)
    current_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("aktuell punkt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    open_to_public = models.BooleanField(
        _("öppet för allmänheten"),
        default=False,
        help_text=_(
            "Visa sammanträdet på den publika webbsändningssidan (aldrig stängda punkter)."
        ),
    )

    class Meta:
        verbose_name = _("pågående sammanträde")
        verbose_name_plural = _("pågående sammanträden")

    def __str__(self) -> str:
        return str(self.meeting)

    @property
    def is_running(self) -> bool:
        return self.opened_at is not None and self.closed_at is None


class LiveCounter(models.Model):
    """A number that grows with every change in the room; the screens compare it with
    the one they show. Not audited: it carries no fact, only that something changed."""

    meeting = models.OneToOneField(
        Meeting, on_delete=models.CASCADE, primary_key=True, related_name="live_counter"
    )
    version = models.PositiveBigIntegerField(default=0)
    # Grows only with changes the public web-cast shows: listeners outside the room
    # cannot count what happens behind closed doors (ballots, speakers on a closed item).
    public_version = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("ändringsräknare")
        verbose_name_plural = _("ändringsräknare")

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.version}"


class ItemTiming(AuditedModel):
    """The actual times of an agenda item, beside the planned `AgendaItem.time`."""

    agenda_item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="timing")
    started_at = models.DateTimeField(_("började"), null=True, blank=True)
    ended_at = models.DateTimeField(_("avslutades"), null=True, blank=True)

    class Meta:
        verbose_name = _("faktisk tid")
        verbose_name_plural = _("faktiska tider")

    def __str__(self) -> str:
        return f"{self.agenda_item}"


class Speaker(AuditedModel):
    """A request to speak on an item (talarlistan), in the order asked."""

    class Kind(models.TextChoices):
        SPEECH = "speech", _("Inlägg")
        REPLY = "reply", _("Replik")

    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="speakers")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("slag"), max_length=8, choices=Kind.choices, default=Kind.SPEECH)
    requested_at = models.DateTimeField(_("anmäld"))
    started_at = models.DateTimeField(_("fick ordet"), null=True, blank=True)
    done_at = models.DateTimeField(_("klar"), null=True, blank=True)
    withdrawn = models.BooleanField(_("strukits"), default=False)

    class Meta:
        verbose_name = _("talare")
        verbose_name_plural = _("talarlista")
        ordering = ["agenda_item", "requested_at", "id"]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_kind_display()})"
