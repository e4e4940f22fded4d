from typing import Any

from django.core.management.base import BaseCommand

from samverkan.publishing.services import subscriptions_send


class Command(BaseCommand):
    help = (
        "Skickar e-post till bekräftade prenumeranter om det som är nytt och offentligt "
        "sedan förra utskicket (för cron; en post skickas aldrig två gånger)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = subscriptions_send()
        items = sum(len(keys) for keys in sent.values())
        self.stdout.write(self.style.SUCCESS(f"{len(sent)} brev skickade ({items} nyheter)."))
