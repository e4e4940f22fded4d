"""Meetings: the meeting plan, notice and agenda, attendance, minutes with sections,
attestation and sealing, notice-board posting and dispatch of notices and extracts."""

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samverkan.access import policy
from samverkan.access.policy import Audience
from samverkan.audit.models import AuditedModel
from samverkan.documents.models import Document, DocumentVersion
from samverkan.structure.models import Body, Person


class _VisibleQuerySet(models.QuerySet):
    """`visible_to` applies a condition of the access policy; the subquery keeps rows
    unique when the condition follows a to-many path."""

    def _where(self, condition: models.Q) -> "_VisibleQuerySet":
        if not condition:
            return self
        # Correlated (EXISTS … WHERE pk = outer pk): each row is checked through its own
        # indexes. "pk IN (subquery)" made SQLite build the whole visible set first, which
        # at national scale is a million items read for one meeting page.
        return self.filter(
            models.Exists(self.model.objects.filter(condition, pk=models.OuterRef("pk")))
        )


class MeetingQuerySet(_VisibleQuerySet):
    def visible_to(self, audience: Audience) -> "MeetingQuerySet":
        """Meetings themselves are public: that a body meets, when and where."""
        return self

    def insider_for(self, audience: Audience) -> "MeetingQuerySet":
        """Meetings whose closed content the audience reads."""
        return self._where(policy.meeting_insider_q(audience))  # type: ignore[return-value]


class AgendaItemQuerySet(_VisibleQuerySet):
    def visible_to(self, audience: Audience) -> "AgendaItemQuerySet":
        """Open items for everyone; closed items for those inside the meeting."""
        return self._where(  # type: ignore[return-value]
            models.Q(is_public=True) | policy.meeting_insider_q(audience, "meeting__")
        )


ATTESTED = models.Q(meeting__sealed_at__isnull=False) | models.Q(attested_at__isnull=False)
OPEN_ITEM = models.Q(agenda_item__isnull=True) | models.Q(agenda_item__is_public=True)


class SectionQuerySet(_VisibleQuerySet):
    def visible_to(self, audience: Audience) -> "SectionQuerySet":
        """Attested §§ of open items for everyone; attested closed §§ for those inside the
        meeting; the draft for the secretariat and the signatories."""
        return self._where(  # type: ignore[return-value]
            (ATTESTED & OPEN_ITEM)
            | (ATTESTED & policy.meeting_insider_q(audience, "meeting__"))
            | policy.draft_minutes_reader_q(audience, "meeting__")
        )

    def public(self) -> "SectionQuerySet":
        return self.filter(ATTESTED & OPEN_ITEM)


class SupportingDocumentQuerySet(_VisibleQuerySet):
    def visible_to(self, audience: Audience) -> "SupportingDocumentQuerySet":
        """A supporting document is read when its item and the document both are."""
        # Correlated to the row's own item and document (see _where).
        items = AgendaItem.objects.visible_to(audience).filter(pk=models.OuterRef("agenda_item"))
        documents = Document.objects.visible_to(audience).filter(pk=models.OuterRef("document"))
        return self.filter(models.Exists(items), models.Exists(documents))


class DispatchQuerySet(_VisibleQuerySet):
    def visible_to(self, audience: Audience) -> "DispatchQuerySet":
        """Who got what is the secretariat's record."""
        return self._where(policy.managed_bodies_q(audience, "meeting__body"))  # type: ignore[return-value]


class MeetingRules(AuditedModel):
    """A body's own periods. The defaults follow kommunallagen (2017:725) for committees:
    attestation within 14 days (6 kap. 35 §), posting on the notice board at the latest
    the second day after attestation (8 kap. 12 §), and an appeal period of three weeks
    from the day of posting (13 kap. 5 §). A collaboration body sets its own."""

    body = models.OneToOneField(
        Body, verbose_name=_("organ"), on_delete=models.CASCADE, related_name="meeting_rules"
    )
    cases_ready_days = models.PositiveSmallIntegerField(_("ärenden klara (dagar före)"), default=21)
    notice_days = models.PositiveSmallIntegerField(_("kallelse skickas (dagar före)"), default=7)
    attestation_days = models.PositiveSmallIntegerField(
        _("justering senast (dagar efter)"), default=14
    )
    posting_days = models.PositiveSmallIntegerField(
        _("anslag senast (dagar efter justering)"), default=2
    )
    appeal_days = models.PositiveSmallIntegerField(_("överklagandetid (dagar)"), default=21)
    minutes_kept_at = models.CharField(_("protokollet förvaras"), max_length=200, blank=True)
    default_place = models.CharField(_("vanlig plats"), max_length=200, blank=True)
    quorum_minimum = models.PositiveSmallIntegerField(
        _("beslutfört med minst (antal tjänstgörande ledamöter)"),
        null=True,
        blank=True,
        help_text=_(
            "Tomt: organet är beslutfört när mer än hälften av ledamöterna tjänstgör "
            "(kommunallagen 6 kap. 27 §). Ange ett antal om organets reglemente säger så."
        ),
    )

    class Meta:
        verbose_name = _("sammanträdesregler")
        verbose_name_plural = _("sammanträdesregler")

    def __str__(self) -> str:
        return f"Regler för {self.body.short_name}"


class Meeting(AuditedModel):
    body = models.ForeignKey(
        Body, verbose_name=_("organ"), on_delete=models.PROTECT, related_name="meetings"
    )
    date = models.DateField(_("datum"))
    start_time = models.TimeField(_("starttid"))
    end_time = models.TimeField(_("sluttid"), null=True, blank=True)
    place = models.CharField(_("plats"), max_length=200, blank=True)
    chair = models.ForeignKey(
        Person,
        verbose_name=_("ordförande"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="chaired_meetings",
    )
    notice_sent_at = models.DateTimeField(_("kallelse skickad"), null=True, blank=True)
    attestation_place = models.CharField(_("justeringsplats"), max_length=200, blank=True)
    attestation_date = models.DateField(_("justeringsdag"), null=True, blank=True)
    sealed_at = models.DateTimeField(_("justerat och låst"), null=True, blank=True)
    minutes_pdf = models.FileField(
        _("justerat protokoll (PDF)"), upload_to="protokoll/", blank=True
    )
    minutes_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    public_minutes_pdf = models.FileField(
        _("offentlig version (PDF)"),
        upload_to="protokoll/",
        blank=True,
        help_text=_("Utan paragrafer som inte är offentliga; skapas vid justeringen."),
    )
    public_minutes_sha256 = models.CharField(
        _("SHA-256 (offentlig version)"), max_length=64, blank=True
    )
    sealed_content = models.JSONField(
        _("justerat innehåll"),
        default=dict,
        blank=True,
        help_text=_("Protokollets innehåll som det justerades; utdrag skärs ur detta."),
    )
    posted_on = models.DateField(_("anslaget"), null=True, blank=True)
    posting_ends_on = models.DateField(_("anslaget till och med"), null=True, blank=True)
    appeal_last_day = models.DateField(_("sista dag att överklaga"), null=True, blank=True)
    minutes_kept_at = models.CharField(_("protokollet förvaras"), max_length=200, blank=True)
    is_demo = models.BooleanField(_("demodata"), default=False)
    source = models.CharField(_("källa"), max_length=300, blank=True)
    # A cancelled meeting stays in the plan as "Inställt" (never deleted once a notice
    # went out); calendars read `cancelled_at` for STATUS:CANCELLED.
    cancelled_at = models.DateTimeField(_("inställt"), null=True, blank=True)
    cancelled_reason = models.CharField(_("skäl för inställt"), max_length=300, blank=True)
    rescheduled_at = models.DateTimeField(
        _("flyttat"),
        null=True,
        blank=True,
        help_text=_("När sammanträdet senast fick ny tid eller plats."),
    )

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("sammanträde")
        verbose_name_plural = _("sammanträden")
        ordering = ["date", "start_time"]
        indexes = [models.Index(fields=["body", "date"])]

    def __str__(self) -> str:
        return f"{self.body.short_name} {self.date:%Y-%m-%d}"

    URL_NAME = "meetings:meeting"

    def url_args(self) -> list[Any]:
        return [self.pk]

    def get_absolute_url(self) -> str:
        return reverse(self.URL_NAME, args=self.url_args())

    @property
    def is_sealed(self) -> bool:
        return self.sealed_at is not None

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def status_label(self) -> str:
        """Where the meeting stands (one rule: selectors.meeting_status)."""
        from .selectors import meeting_status

        return meeting_status(self)


class ConfidentialityFields(models.Model):
    """Whether an item is open and, when closed, the legal ground for closing it: an
    agenda item and the item in preparation that becomes one hold the same two fields
    (the rule that a closed item names its ground lives in the services)."""

    is_public = models.BooleanField(
        _("öppen punkt"),
        default=True,
        help_text=_("En stängd punkt visas bara för dem som får läsa den."),
    )
    confidentiality_ground = models.CharField(
        _("sekretessgrund"),
        max_length=100,
        blank=True,
        help_text=_("Lagrum för en stängd punkt, t.ex. ”OSL 21 kap. 1 §”."),
    )

    class Meta:
        abstract = True


class AgendaItem(ConfidentialityFields, AuditedModel):
    class Kind(models.TextChoices):
        ATTESTERS = "attesters", _("Val av justerare")
        APPROVE_AGENDA = "approve_agenda", _("Fastställande av föredragningslistan")
        REGULAR = "regular", _("Ärende")
        OTHER_BUSINESS = "other_business", _("Övriga frågor")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("sammanträde"), on_delete=models.CASCADE, related_name="items"
    )
    position = models.PositiveSmallIntegerField(_("ordning"))
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.REGULAR)
    title = models.CharField(_("rubrik"), max_length=300)
    presenters = models.CharField(_("föredragande"), max_length=300, blank=True)
    planned_start = models.TimeField(_("planerad starttid"), null=True, blank=True)
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("ärende"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agenda_items",
        help_text=_("Ärendet punkten gäller, med sitt diarienummer."),
    )
    description = models.TextField(_("ärendebeskrivning"), blank=True)
    proposer = models.CharField(
        _("förslagsställare"),
        max_length=300,
        blank=True,
        help_text=_(
            "T.ex. ”Sociala vård- och omsorgsgruppen (SVOM) föreslår Regionens samverkansråd”."
        ),
    )
    proposed_decision = models.TextField(
        _("förslag till beslut"), blank=True, help_text=_("En beslutspunkt per rad.")
    )
    dispatch_to = models.TextField(
        _("expedieras till"), blank=True, help_text=_("En mottagare per rad.")
    )

    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("punkt")
        verbose_name_plural = _("punkter")
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "position"], name="agenda_item_position_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"

    @property
    def case_number(self) -> str:
        return self.case.case_number if self.case is not None else ""

    @property
    def decision_points(self) -> list[str]:
        return [line.strip() for line in self.proposed_decision.splitlines() if line.strip()]

    @property
    def dispatch_list(self) -> list[str]:
        return [line.strip() for line in self.dispatch_to.splitlines() if line.strip()]


class SupportingDocument(AuditedModel):
    agenda_item = models.ForeignKey(
        AgendaItem, verbose_name=_("punkt"), on_delete=models.CASCADE, related_name="documents"
    )
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)
    document = models.ForeignKey(
        Document,
        verbose_name=_("handling"),
        on_delete=models.PROTECT,
        related_name="agenda_links",
        help_text=_("Handlingen i dokumentförrådet: versioner, kontrollsumma, sekretess."),
    )

    objects = SupportingDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("beslutsunderlag")
        verbose_name_plural = _("beslutsunderlag")
        ordering = ["agenda_item", "position", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return self.document.title

    @property
    def current(self) -> "DocumentVersion | None":
        """The current version (from prefetched versions when there are any)."""
        if self.document.disposed_at is not None:
            return None  # disposed of: the files are gone
        versions = list(self.document.versions.all())
        return max(versions, key=lambda v: v.number) if versions else None


class Guest(AuditedModel):
    """Someone called who is not a member or substitute: a presenter, an official."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="guests")
    name = models.CharField(_("namn"), max_length=200)
    email = models.EmailField(_("e-post"), blank=True)
    role = models.CharField(_("roll"), max_length=200, blank=True)
    present = models.BooleanField(
        _("närvarande"),
        default=False,
        help_text=_("Var med på sammanträdet; står under övriga närvarande i protokollet."),
    )

    class Meta:
        verbose_name = _("övrig kallad")
        verbose_name_plural = _("övriga kallade")
        ordering = ["meeting", "name"]

    def __str__(self) -> str:
        return self.name


class Attendance(AuditedModel):
    class Capacity(models.TextChoices):
        MEMBER = "member", _("Ledamot")
        SUBSTITUTE = "substitute", _("Tjänstgörande ersättare")
        OTHER = "other", _("Övrig närvarande")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="attendance")
    capacity = models.CharField(_("som"), max_length=12, choices=Capacity.choices)
    present = models.BooleanField(_("närvarande"), default=True)
    replaces = models.ForeignKey(
        Person,
        verbose_name=_("ersätter"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_at",
    )
    arrived_at_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("anlände vid punkt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    left_after_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("lämnade efter punkt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("anteckning"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("närvaro")
        verbose_name_plural = _("närvaro")
        ordering = ["meeting", "capacity", "person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"], name="attendance_once_per_meeting"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_capacity_display()})"


class Section(AuditedModel):
    """A § of the minutes, numbered per body and calendar year across meetings."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="sections")
    agenda_item = models.OneToOneField(
        AgendaItem, null=True, blank=True, on_delete=models.PROTECT, related_name="section"
    )
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("år"))
    number = models.PositiveIntegerField(_("§"))
    title = models.CharField(_("rubrik"), max_length=300)
    decision = models.TextField(_("beslut"), blank=True)
    attested_at = models.DateTimeField(_("omedelbart justerad"), null=True, blank=True)
    # An immediately attested § is posted on its own: the appeal period runs from its
    # posting (kommunallagen 8 kap. 12 §, 13 kap. 5 §).
    posted_on = models.DateField(_("anslagen"), null=True, blank=True)
    appeal_last_day = models.DateField(_("sista dag att överklaga"), null=True, blank=True)

    objects = SectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("paragraf")
        verbose_name_plural = _("paragrafer")
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["body", "year", "number"], name="section_number_unique")
        ]

    def __str__(self) -> str:
        return f"§ {self.number} {self.title}"

    @property
    def case_number(self) -> str:
        """The case of the §'s agenda item (one reference, stored on the item)."""
        return self.agenda_item.case_number if self.agenda_item else ""

    @property
    def is_public(self) -> bool:
        """A § is as public as its agenda item: one fact, stored on the item."""
        return self.agenda_item is None or self.agenda_item.is_public

    @property
    def is_attested(self) -> bool:
        return self.attested_at is not None or self.meeting.sealed_at is not None


class Motion(AuditedModel):
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="motions")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("yrkande"))

    class Meta:
        verbose_name = _("yrkande")
        verbose_name_plural = _("yrkanden")
        ordering = ["section", "id"]

    def __str__(self) -> str:
        return f"{self.person}: {self.text[:40]}"


class Vote(AuditedModel):
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="votes")
    question = models.CharField(_("proposition"), max_length=300)
    yes_means = models.CharField(_("ja betyder"), max_length=200, blank=True)
    no_means = models.CharField(_("nej betyder"), max_length=200, blank=True)
    casting_vote_by_chair = models.BooleanField(_("ordförandens utslagsröst"), default=False)
    result = models.CharField(_("utfall"), max_length=300, blank=True)
    # A vote in the room: open while members register on their own devices; a vote
    # recorded afterwards (vote_record) is closed when made.
    opened_at = models.DateTimeField(_("öppnad"), null=True, blank=True)
    closed_at = models.DateTimeField(_("stängd"), null=True, blank=True)
    # A closed ballot (sluten omröstning, for elections) is cast on paper in the room and
    # counted there: only the count per candidate is kept, never who voted how.
    is_secret = models.BooleanField(_("sluten omröstning"), default=False)
    tally = models.JSONField(_("röster per kandidat"), default=dict, blank=True)

    class Meta:
        verbose_name = _("omröstning")
        verbose_name_plural = _("omröstningar")
        ordering = ["section", "id"]

    def __str__(self) -> str:
        return self.question


class Ballot(AuditedModel):
    class Choice(models.TextChoices):
        YES = "yes", _("Ja")
        NO = "no", _("Nej")
        ABSTAIN = "abstain", _("Avstår")

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="ballots")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(_("röst"), max_length=8, choices=Choice.choices)

    class Meta:
        verbose_name = _("röst")
        verbose_name_plural = _("röster")
        constraints = [models.UniqueConstraint(fields=["vote", "person"], name="one_ballot_each")]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_choice_display()}"


class Dissent(AuditedModel):
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="dissents")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    motivation = models.TextField(_("skriftlig motivering"), blank=True)

    class Meta:
        verbose_name = _("reservation")
        verbose_name_plural = _("reservationer")

    def __str__(self) -> str:
        return f"Reservation: {self.person}"


class Statement(AuditedModel):
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="statements")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("protokollsanteckning"))

    class Meta:
        verbose_name = _("protokollsanteckning")
        verbose_name_plural = _("protokollsanteckningar")

    def __str__(self) -> str:
        return f"Protokollsanteckning: {self.person}"


class ConflictOfInterest(AuditedModel):
    """The member takes no part in the item; a substitute may serve for it only."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="conflicts")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    substitute = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("jäv")
        verbose_name_plural = _("jäv")
        constraints = [
            models.UniqueConstraint(fields=["section", "person"], name="conflict_once_per_section")
        ]

    def __str__(self) -> str:
        return f"Jäv: {self.person}"


class Attester(AuditedModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attesters")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("justerare")
        verbose_name_plural = _("justerare")
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="attester_once")]

    def __str__(self) -> str:
        return str(self.person)


class Attestation(AuditedModel):
    """One signature: by the chair or an attester, of the whole minutes or of one §."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="attestations")
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.PROTECT, related_name="attestations"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    attested_at = models.DateTimeField(_("justerat"), auto_now_add=True)
    content_sha256 = models.CharField(
        _("SHA-256 av det justerade innehållet"),
        max_length=64,
        blank=True,
        help_text=_(
            "Innehållet som den som justerade läste; en senare ändring gör justeringen ogiltig."
        ),
    )
    voided_at = models.DateTimeField(_("ogiltigförklarad"), null=True, blank=True)
    voided_reason = models.CharField(_("skäl"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("justering")
        verbose_name_plural = _("justeringar")
        ordering = ["attested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                condition=models.Q(section__isnull=True, voided_at__isnull=True),
                name="attest_minutes_once",
            ),
            models.UniqueConstraint(
                fields=["section", "person"],
                condition=models.Q(section__isnull=False, voided_at__isnull=True),
                name="attest_section_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.attested_at:%Y-%m-%d}"


class Dispatch(AuditedModel):
    class Kind(models.TextChoices):
        NOTICE = "notice", _("Kallelse")
        EXTRACT = "extract", _("Protokollsutdrag")

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="dispatches")
    kind = models.CharField(_("typ"), max_length=10, choices=Kind.choices)
    sections = models.CharField(_("paragrafer"), max_length=200, blank=True)
    recipients = models.TextField(_("mottagare"))
    sent_at = models.DateTimeField(_("skickat"), auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = DispatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("utskick")
        verbose_name_plural = _("utskick")
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.meeting} {self.sent_at:%Y-%m-%d %H:%M}"


class AbsenceNotice(AuditedModel):
    """A called member's or substitute's notice of absence (anmälan om förhinder) before
    the meeting, and the substitute the secretary called in the member's place."""

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("sammanträde"),
        on_delete=models.CASCADE,
        related_name="absence_notices",
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField(_("anmält"), auto_now_add=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("anmält av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField(_("meddelande"), max_length=300, blank=True)
    substitute = models.ForeignKey(
        Person,
        verbose_name=_("inkallad ersättare"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    substitute_called_at = models.DateTimeField(_("ersättare inkallad"), null=True, blank=True)

    class Meta:
        verbose_name = _("anmälan om förhinder")
        verbose_name_plural = _("anmälningar om förhinder")
        ordering = ["meeting", "reported_at"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="absence_notice_once")
        ]

    def __str__(self) -> str:
        return f"Förhinder: {self.person}"


class MinutesCorrection(AuditedModel):
    """A correction of an obvious error in attested minutes (rättelse av uppenbar
    felskrivning). The sealed text never changes: the correction is its own note, with
    the wrong and the right wording and the reason, and it holds once the chair and the
    attesters have attested it (the same pattern as the minutes: each signs the SHA-256
    of the text they read)."""

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("sammanträde"),
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    section_number = models.PositiveIntegerField(
        _("§"),
        null=True,
        blank=True,
        help_text=_("Paragrafen som rättas; tomt för protokollets huvud."),
    )
    wrong_text = models.TextField(_("står i protokollet"))
    corrected_text = models.TextField(_("ska vara"))
    reason = models.TextField(_("skäl"))
    proposed_at = models.DateTimeField(_("föreslagen"), auto_now_add=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("föreslagen av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    attested_at = models.DateTimeField(_("rättelsen justerad"), null=True, blank=True)

    class Meta:
        verbose_name = _("protokollsrättelse")
        verbose_name_plural = _("protokollsrättelser")
        ordering = ["meeting", "proposed_at", "id"]

    def __str__(self) -> str:
        where = f"§ {self.section_number}" if self.section_number else "protokollet"
        return f"Rättelse av {where}, {self.meeting}"


class MinutesCorrectionSignature(AuditedModel):
    """One signature of a correction by the chair or an attester: the text they read."""

    correction = models.ForeignKey(
        MinutesCorrection, on_delete=models.PROTECT, related_name="signatures"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(_("justerad"), auto_now_add=True)
    content_sha256 = models.CharField(_("SHA-256 av rättelsen"), max_length=64)

    class Meta:
        verbose_name = _("justering av rättelse")
        verbose_name_plural = _("justeringar av rättelser")
        ordering = ["signed_at"]
        constraints = [
            models.UniqueConstraint(fields=["correction", "person"], name="correction_signed_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.signed_at:%Y-%m-%d}"
