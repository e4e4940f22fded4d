from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from samverkan.cases.demo import demo_cases_load
from samverkan.costs.demo import demo_costs_load
from samverkan.followup.demo import demo_followup_load
from samverkan.meetings.demo import demo_meetings_load
from samverkan.structure.demo import demo_structure_load


class Command(BaseCommand):
    help = "Läser in demodata ur källdokumenten. Kan köras flera gånger."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--update",
            action="store_true",
            help="Skriv över befintliga strukturrader med värdena i datafilen.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = demo_structure_load(settings.SAMVERKAN_DEMO_DATA, update=options["update"])
        counts.update(demo_meetings_load(Path(settings.SAMVERKAN_DEMO_MEETINGS)))
        counts.update(demo_cases_load(Path(settings.SAMVERKAN_DEMO_CASES)))
        counts.update(demo_costs_load())
        counts.update(demo_followup_load())
        for label, n in sorted(counts.items()):
            self.stdout.write(f"  {label}: {n}")
        self.stdout.write(self.style.SUCCESS("Demodata inläst."))
