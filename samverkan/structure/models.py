"""The collaboration structure: parties, bodies, terms, persons, memberships, reporting
lines and support functions. Everything that changes over time carries its valid time;
the rules that keep it consistent live in services.py, the reads in selectors.py."""

import datetime
import functools

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samverkan.audit.models import AuditedModel


class DatePrecision(models.TextChoices):
    """The sources often know only a year or a month ("Med start under 2005")."""

    DAY = "day", _("dag")
    MONTH = "month", _("månad")
    YEAR = "year", _("år")
    # The source gives no date; the stored day only keeps events in their known order.
    UNDATED = "undated", _("odaterat")


MONTHS_SV = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
]


def format_fuzzy_date(value: datetime.date | None, precision: str) -> str:
    if value is None:
        return "okänt"
    if precision == DatePrecision.UNDATED:
        return "odaterat"
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.MONTH:
        return f"{MONTHS_SV[value.month - 1]} {value.year}"
    return value.isoformat()


# Path segments the site itself uses besides its URL patterns' own first segments.
RESERVED_SLUGS = frozenset({"admin", "api", "favicon.ico", "media", "oparl", "static"})


@functools.cache
def reserved_slugs() -> frozenset[str]:
    """The first path segments that belong to the site's own pages; a collaboration's
    slug may not take one, or its pages would shadow the site's."""
    from django.urls import get_resolver

    segments = set(RESERVED_SLUGS)
    for pattern in get_resolver().url_patterns:
        for inner in getattr(pattern, "url_patterns", [pattern]):
            text = str(pattern.pattern) + str(inner.pattern)
            first = text.lstrip("^/").split("/", 1)[0].split("<", 1)[0]
            if first:
                segments.add(first)
    return frozenset(segments)


def validate_collaboration_slug(value: str) -> None:
    from django.core.exceptions import ValidationError

    if value in reserved_slugs():
        raise ValidationError(
            _("Webbadressen %(slug)s används redan av webbplatsen; välj en annan."),
            params={"slug": value},
        )


class CollaborationQuerySet(models.QuerySet["Collaboration"]):
    def default(self) -> "Collaboration | None":
        """The collaboration a visitor meets without a path or a host of its own."""
        return self.order_by("sort_order", "pk").first()


class Collaboration(AuditedModel):
    """A samverkan: one region and its municipalities working together. The root of
    everything else: its parties, bodies, terms and case series belong to it, and a
    visitor sees one collaboration at a time (by its path or its host name)."""

    name = models.CharField(_("namn"), max_length=200, unique=True)
    short_name = models.CharField(_("kortnamn"), max_length=60)
    slug = models.SlugField(
        _("webbadress"),
        max_length=60,
        unique=True,
        validators=[validate_collaboration_slug],
        help_text=_("Samverkans sidor nås under /<webbadress>/."),
    )
    hostname = models.CharField(
        _("värdnamn"),
        max_length=200,
        blank=True,
        help_text=_("T.ex. samverkan.exempel.se; tomt om samverkan bara nås via sin webbadress."),
    )
    description = models.TextField(_("beskrivning"), blank=True)
    logo = models.FileField(
        _("logotyp"),
        upload_to="logotyper/",
        blank=True,
        help_text=_("SVG eller PNG, visas i sidhuvudet."),
    )
    contact_email = models.EmailField(_("kontakt, e-post"), blank=True)
    contact_phone = models.CharField(_("kontakt, telefon"), max_length=40, blank=True)
    contact_address = models.TextField(_("kontakt, postadress"), blank=True)
    # The meeting rules a new body starts from (each body may then change its own).
    cases_ready_days = models.PositiveSmallIntegerField(
        _("ärenden klara (dagar före), förval"), default=21
    )
    notice_days = models.PositiveSmallIntegerField(
        _("kallelse skickas (dagar före), förval"), default=7
    )
    attestation_days = models.PositiveSmallIntegerField(
        _("justering senast (dagar efter), förval"), default=14
    )
    posting_days = models.PositiveSmallIntegerField(
        _("anslag senast (dagar efter justering), förval"), default=2
    )
    appeal_days = models.PositiveSmallIntegerField(_("överklagandetid (dagar), förval"), default=21)
    administrators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("administratörer"),
        blank=True,
        related_name="administered_collaborations",
        help_text=_("Får sköta alla organ, serier och parter i denna samverkan."),
    )
    is_demo = models.BooleanField(
        _("demodata"),
        default=False,
        help_text=_("En påhittad samverkan för demonstration (påhittade personer)."),
    )
    demo_note = models.CharField(_("om demodatan"), max_length=300, blank=True)
    sort_order = models.PositiveIntegerField(_("sorteringsordning"), default=100)

    objects = CollaborationQuerySet.as_manager()

    class Meta:
        verbose_name = _("samverkan")
        verbose_name_plural = _("samverkningar")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["hostname"],
                condition=~models.Q(hostname=""),
                name="collaboration_hostname_unique",
            )
        ]

    def __str__(self) -> str:
        return self.name


def collaboration_default() -> int:
    """The default collaboration's key, for rows made without naming one (an
    installation with one collaboration never has to name it). Reads only the key, so
    it works in any migration state after the table exists."""
    pk = Collaboration.objects.order_by("sort_order", "pk").values_list("pk", flat=True).first()
    if pk is None:
        pk = Collaboration.objects.create(
            name="Samverkan", short_name="Samverkan", slug="samverkan"
        ).pk
    return pk


class InCollaborationQuerySet(models.QuerySet):
    """Rows of one collaboration: lists are scoped by it as they are scoped by access."""

    def in_collaboration(self, collaboration: "Collaboration | None") -> "InCollaborationQuerySet":
        return self if collaboration is None else self.filter(collaboration=collaboration)


def collaboration_fk(related_name: str) -> models.ForeignKey:
    return models.ForeignKey(
        Collaboration,
        verbose_name=_("samverkan"),
        on_delete=models.PROTECT,
        default=collaboration_default,
        related_name=related_name,
    )


class Provenance(models.Model):
    """Where a row comes from: the seed document, or demo data where the seeds are silent."""

    source = models.CharField(_("källa"), max_length=300, blank=True)
    is_demo = models.BooleanField(
        _("demodata"),
        default=False,
        help_text=_("Uppgiften finns inte i källdokumenten utan är antagen för demonstration."),
    )
    demo_note = models.CharField(_("om demodatan"), max_length=300, blank=True)

    class Meta:
        abstract = True


class Party(Provenance, AuditedModel):
    class Kind(models.TextChoices):
        REGION = "region", _("Region")
        MUNICIPALITY = "municipality", _("Kommun")
        ASSOCIATION = "association", _("Kommunförbund")

    collaboration = collaboration_fk("parties")
    name = models.CharField(_("namn"), max_length=200)
    short_name = models.CharField(_("kortnamn"), max_length=60)
    slug = models.SlugField(_("webbadress"), max_length=80)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    org_number = models.CharField(
        _("organisationsnummer"),
        max_length=11,
        blank=True,
        help_text=_("NNNNNN-NNNN. Lämnas tomt om det inte är känt."),
    )
    email = models.EmailField(
        _("e-post (registratur)"), blank=True, help_text=_("Dit protokollsutdrag expedieras.")
    )
    sort_order = models.PositiveIntegerField(_("sorteringsordning"), default=100)

    objects = InCollaborationQuerySet.as_manager()

    class Meta:
        verbose_name = _("part")
        verbose_name_plural = _("parter")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["org_number"],
                condition=~models.Q(org_number=""),
                name="party_org_number_unique",
            ),
            models.UniqueConstraint(
                fields=["collaboration", "name"], name="party_name_unique_in_collaboration"
            ),
            models.UniqueConstraint(
                fields=["collaboration", "slug"], name="party_slug_unique_in_collaboration"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("structure:party", args=[self.slug])


class Body(Provenance, AuditedModel):
    class Kind(models.TextChoices):
        POLITICAL_ARENA = "political_arena", _("Politisk arena")
        OFFICIALS_ARENA = "officials_arena", _("Tjänstepersonsarena")
        WORKING_GROUP = "working_group", _("Arbets-/beredningsgrupp")
        COUNCIL = "council", _("Råd")
        JOINT_COMMITTEE = "joint_committee", _("Gemensam nämnd")
        PARTY_COMMITTEE = "party_committee", _("Partens organ")

    class DecisionPower(models.TextChoices):
        INFORMATION = "information", _("Information")
        CONSULTATION = "consultation", _("Samråd")
        RECOMMENDATION = "recommendation", _("Rekommendation")
        DECISION = "decision", _("Beslut")
        UNKNOWN = "unknown", _("Ej angivet i källorna")

    collaboration = collaboration_fk("bodies")
    name = models.CharField(_("namn"), max_length=200)
    short_name = models.CharField(_("kortnamn"), max_length=40)
    slug = models.SlugField(_("webbadress"), max_length=80)
    kind = models.CharField(_("typ"), max_length=30, choices=Kind.choices)
    decision_power = models.CharField(
        _("beslutsmandat"), max_length=20, choices=DecisionPower.choices
    )
    mandate = models.TextField(_("mandat"), blank=True)
    composition = models.TextField(_("sammansättning"), blank=True)
    secretariat = models.CharField(_("sekretariat"), max_length=200, blank=True)
    meetings_per_year = models.PositiveSmallIntegerField(
        _("sammanträden per år"), null=True, blank=True
    )
    meeting_rhythm = models.CharField(_("mötesrytm"), max_length=200, blank=True)
    owner_party = models.ForeignKey(
        Party,
        verbose_name=_("ägande part"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="own_bodies",
        help_text=_("För en parts eget organ, t.ex. regionstyrelsen."),
    )
    founded_on = models.DateField(_("inrättat"), null=True, blank=True)
    founded_precision = models.CharField(
        _("precision (inrättat)"),
        max_length=8,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    founded_by = models.CharField(_("beslut om inrättande"), max_length=300, blank=True)
    dissolved_on = models.DateField(_("avvecklat"), null=True, blank=True)
    dissolved_precision = models.CharField(
        _("precision (avvecklat)"),
        max_length=8,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    dissolved_by = models.CharField(_("beslut om avveckling"), max_length=300, blank=True)
    sort_order = models.PositiveIntegerField(_("sorteringsordning"), default=100)

    objects = InCollaborationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organ")
        verbose_name_plural = _("organ")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaboration", "slug"], name="body_slug_unique_in_collaboration"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.short_name})" if self.short_name != self.name else self.name

    def get_absolute_url(self) -> str:
        return reverse("structure:body", args=[self.slug])

    @property
    def founded_display(self) -> str:
        return format_fuzzy_date(self.founded_on, self.founded_precision)

    @property
    def dissolved_display(self) -> str:
        return format_fuzzy_date(self.dissolved_on, self.dissolved_precision)


class Participation(Provenance, AuditedModel):
    """A party takes part in a body, appointing a number of its members."""

    body = models.ForeignKey(
        Body, verbose_name=_("organ"), on_delete=models.CASCADE, related_name="participations"
    )
    party = models.ForeignKey(
        Party, verbose_name=_("part"), on_delete=models.PROTECT, related_name="participations"
    )
    seats = models.PositiveSmallIntegerField(
        _("antal ledamöter"), null=True, blank=True, help_text=_("Tomt om okänt.")
    )
    appointed_by = models.CharField(
        _("utses av"), max_length=200, blank=True, help_text=_("T.ex. socialnämnden.")
    )
    start = models.DateField(_("från"), null=True, blank=True)
    end = models.DateField(_("till och med"), null=True, blank=True)

    class Meta:
        verbose_name = _("deltagande part")
        verbose_name_plural = _("deltagande parter")
        ordering = ["body", "party__sort_order"]

    def __str__(self) -> str:
        return f"{self.party} i {self.body.short_name}"


class Term(Provenance, AuditedModel):
    """A term of office (mandatperiod)."""

    collaboration = collaboration_fk("terms")
    name = models.CharField(_("namn"), max_length=100)
    start = models.DateField(_("från"))
    end = models.DateField(_("till och med"))

    objects = InCollaborationQuerySet.as_manager()

    class Meta:
        verbose_name = _("mandatperiod")
        verbose_name_plural = _("mandatperioder")
        ordering = ["-start"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaboration", "name"], name="term_name_unique_in_collaboration"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Person(Provenance, AuditedModel):
    name = models.CharField(_("namn"), max_length=200)
    slug = models.SlugField(_("webbadress"), max_length=120, unique=True)
    title = models.CharField(_("titel/befattning"), max_length=200, blank=True)
    email = models.EmailField(
        _("e-post"), blank=True, help_text=_("Dit kallelser och utdrag skickas.")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("användarkonto"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("structure:person", args=[self.slug])


class Membership(Provenance, AuditedModel):
    class Role(models.TextChoices):
        CHAIR = "chair", _("Ordförande")
        VICE_CHAIR = "vice_chair", _("Vice ordförande")
        MEMBER = "member", _("Ledamot")
        SUBSTITUTE = "substitute", _("Ersättare")
        SECRETARY = "secretary", _("Sekreterare")
        COLLABORATION_LEAD = "collaboration_lead", _("Samverkansledare")
        COORDINATOR = "coordinator", _("Koordinator")
        ADJUNCT_OFFICIAL = "adjunct_official", _("Adjungerad tjänsteperson")

    # The roles that hold a seat with a vote: the chair and vice chair are members too.
    VOTING_ROLES = (Role.CHAIR, Role.VICE_CHAIR, Role.MEMBER)
    SEAT_ROLES = (*VOTING_ROLES, Role.SUBSTITUTE)
    # At most one person holds each of these in a body at a time.
    SINGLE_HOLDER_ROLES = (Role.CHAIR, Role.VICE_CHAIR)

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="memberships"
    )
    body = models.ForeignKey(
        Body, verbose_name=_("organ"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("roll"), max_length=30, choices=Role.choices)
    party = models.ForeignKey(
        Party,
        verbose_name=_("företräder part"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
        help_text=_("Tomt om källan inte anger vilken part personen företräder."),
    )
    party_letters = models.CharField(
        _("partibeteckning"), max_length=12, blank=True, help_text=_("T.ex. S, M, C.")
    )
    substitute_order = models.PositiveSmallIntegerField(_("ersättarordning"), null=True, blank=True)
    term = models.ForeignKey(
        Term,
        verbose_name=_("mandatperiod"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    start = models.DateField(
        _("från"), null=True, blank=True, help_text=_("Tomt: från mandatperiodens början.")
    )
    end = models.DateField(
        _("till och med"), null=True, blank=True, help_text=_("Tomt: mandatperiodens slut.")
    )
    position = models.PositiveSmallIntegerField(
        _("ordning i förteckning"), default=0, help_text=_("Ordningen i kallelsens förteckning.")
    )

    class Meta:
        verbose_name = _("uppdrag")
        verbose_name_plural = _("uppdrag")
        ordering = ["body", "position", "person__name"]
        indexes = [models.Index(fields=["body", "role"])]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()} i {self.body.short_name}"

    @property
    def effective_start(self) -> datetime.date | None:
        return self.start or (self.term.start if self.term else None)

    @property
    def effective_end(self) -> datetime.date | None:
        return self.end or (self.term.end if self.term else None)


class ReportingLine(Provenance, AuditedModel):
    from_body = models.ForeignKey(
        Body,
        verbose_name=_("från organ"),
        on_delete=models.PROTECT,
        related_name="reporting_lines_out",
    )
    to_body = models.ForeignKey(
        Body,
        verbose_name=_("till organ"),
        on_delete=models.PROTECT,
        related_name="reporting_lines_in",
    )
    subject = models.CharField(_("vad som rapporteras"), max_length=300)
    frequency = models.CharField(_("hur ofta"), max_length=100, blank=True)
    start = models.DateField(_("från"), null=True, blank=True)
    end = models.DateField(_("till och med"), null=True, blank=True)

    class Meta:
        verbose_name = _("rapporteringsväg")
        verbose_name_plural = _("rapporteringsvägar")
        ordering = ["from_body__sort_order", "to_body__sort_order"]

    def __str__(self) -> str:
        return f"{self.from_body.short_name} → {self.to_body.short_name}: {self.subject}"


class SupportFunction(Provenance, AuditedModel):
    class Kind(models.TextChoices):
        COLLABORATION_LEAD = "collaboration_lead", _("Samverkansledare")
        COORDINATOR = "coordinator", _("Koordinatorer")
        WORKING_GROUPS = "working_groups", _("Arbets-/beredningsgrupper")
        SECRETARIAT = "secretariat", _("Sekretariat")
        ADMINISTRATIVE_SUPPORT = "administrative_support", _("Administrativt stöd")

    body = models.ForeignKey(
        Body, verbose_name=_("organ"), on_delete=models.PROTECT, related_name="support_functions"
    )
    kind = models.CharField(_("typ"), max_length=30, choices=Kind.choices)
    name = models.CharField(_("namn"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    start = models.DateField(_("från"), null=True, blank=True)
    end = models.DateField(_("till och med"), null=True, blank=True)

    class Meta:
        verbose_name = _("stödfunktion")
        verbose_name_plural = _("stödfunktioner")
        ordering = ["body", "kind", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.body.short_name})"
