from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from samverkan.cases.services import reminders_send


class Command(BaseCommand):
    help = "Påminner parter som inte besvarat en rekommendation när svarsdagen närmar sig."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dagar", type=int, default=14, help="Påminn så här många dagar före svarsdagen."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = reminders_send(days_before=options["dagar"])
        for response in sent:
            self.stdout.write(f"  {response.party.name}: {response.recommendation.title}")
        self.stdout.write(self.style.SUCCESS(f"{len(sent)} påminnelser skickade."))
