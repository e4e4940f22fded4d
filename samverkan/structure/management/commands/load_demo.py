from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from samverkan.structure.demo import demo_structure_load


class Command(BaseCommand):
    help = "Läser in demodata (strukturen ur källdokumenten). Kan köras flera gånger."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--update",
            action="store_true",
            help="Skriv över befintliga rader med värdena i datafilen.",
        )
        parser.add_argument("--file", default=str(settings.SAMVERKAN_DEMO_DATA))

    def handle(self, *args: Any, **options: Any) -> None:
        counts = demo_structure_load(options["file"], update=options["update"])
        for label, n in sorted(counts.items()):
            self.stdout.write(f"  {label}: {n}")
        self.stdout.write(self.style.SUCCESS("Demodata inläst."))
