from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The roles of the platform; each is a Django group of the same name.

    Public (anonymous) reading needs no role. A secretary's reach is narrowed per body
    by the structure app (a secretary membership in the body).
    """

    ADMINISTRATOR = "administrator", _("Administratör")
    SECRETARY = "secretary", _("Sekreterare")
    MEMBER = "member", _("Ledamot")
    OFFICIAL = "official", _("Tjänsteperson")
    ARCHIVIST = "archivist", _("Arkivarie")


class User(AbstractUser):
    class Meta:
        verbose_name = _("användare")
        verbose_name_plural = _("användare")
        ordering = ["username"]

    def __str__(self) -> str:
        full = self.get_full_name()
        return f"{full} ({self.username})" if full else self.username
