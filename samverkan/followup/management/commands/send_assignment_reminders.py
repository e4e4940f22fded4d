from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from samverkan.followup import rules
from samverkan.followup.services import assignment_reminders_send


class Command(BaseCommand):
    help = "Påminner ansvariga om uppdrag före slutdatum och avstämning (en gång per datum)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dagar",
            type=int,
            default=rules.REMIND_DAYS_BEFORE,
            help="Påminn så här många dagar före datumet.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not 0 <= options["dagar"] <= 365:
            self.stderr.write("Ange --dagar mellan 0 och 365.")
            raise SystemExit(2)
        sent = assignment_reminders_send(days_before=options["dagar"])
        for assignment, kind in sent:
            self.stdout.write(f"  {kind}: {assignment.title} ({assignment.body.short_name})")
        self.stdout.write(self.style.SUCCESS(f"{len(sent)} påminnelser skickade."))
