"""Log-in accounts for trying the demo: an administrator, a secretary of RSR, and
accounts for RSR's chair and one member (who can be chosen as attester). Passwords are
generated and printed once; run again to get new ones."""

import datetime
import secrets
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from samverkan.accounts.models import Role, User
from samverkan.accounts.services import user_create
from samverkan.audit.context import acting_as
from samverkan.cases.models import CaseSeries
from samverkan.structure import services
from samverkan.structure.demo import seeds_collaboration
from samverkan.structure.models import Body, Membership, Person

ACCOUNTS = [
    ("admin", [Role.ADMINISTRATOR], None),
    ("sekreterare", [Role.SECRETARY], "Sekreterare (demo)"),
    ("ordforande", [Role.MEMBER], "Jonas Andersson"),
    ("ledamot", [Role.MEMBER], "Therese Kärngard"),
]


class Command(BaseCommand):
    help = "Skapar inloggningar för att prova demodatan och skriver ut lösenorden."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        rsr = Body.objects.in_collaboration(seeds_collaboration()).get(slug="rsr")
        with acting_as(None, "demo_accounts"):
            for username, roles, person_name in ACCOUNTS:
                password = secrets.token_urlsafe(12)
                user = User.objects.filter(username=username).first()
                if user is None:
                    user = user_create(username=username, password=password, roles=roles)
                else:
                    user.set_password(password)
                    user.save()
                if person_name == "Sekreterare (demo)":
                    person = Person.objects.filter(
                        slug="sekreterare-demo"
                    ).first() or services.person_save(
                        Person(
                            name=person_name,
                            slug="sekreterare-demo",
                            is_demo=True,
                            demo_note="Påhittad sekreterare för att prova demon.",
                        )
                    )
                    if not Membership.objects.filter(
                        person=person, body=rsr, role="secretary"
                    ).exists():
                        services.membership_save(
                            Membership(
                                person=person,
                                body=rsr,
                                role=Membership.Role.SECRETARY,
                                start=datetime.date(2023, 1, 1),
                                is_demo=True,
                                demo_note="Påhittad sekreterare för att prova demon.",
                            )
                        )
                    # The demo secretary keeps the registry too (registrar of every series).
                    for series in CaseSeries.objects.exclude(registrars=user):
                        series.registrars.add(user)
                elif person_name:
                    person = Person.objects.get(name=person_name)
                else:
                    person = None
                if person is not None and person.user_id != user.pk:
                    person.user = user
                    services.person_save(person)
                self.stdout.write(
                    f"  {username:12} {password}   ({', '.join(str(r.label) for r in roles)}"
                    f"{', ' + person_name if person_name else ''})"
                )
        self.stdout.write(self.style.SUCCESS("Demokonton klara. Lösenorden visas bara nu."))
