from typing import Any

from django.core.management.base import BaseCommand

from samverkan.api.services import webhooks_run


class Command(BaseCommand):
    help = (
        "Skickar ändringsnotiser (webhooks): nya händelser ur ändringsloggen till varje aktiv "
        "mottagare, och nya försök för dem som misslyckats. Körs från cron, t.ex. varje minut."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        made, delivered, failed = webhooks_run()
        self.stdout.write(
            self.style.SUCCESS(
                f"{made} nya notiser, {delivered} levererade, {failed} misslyckade försök."
            )
        )
