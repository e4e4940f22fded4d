from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from samverkan.search.indexers import reindex_all


class Command(BaseCommand):
    help = (
        "Bygger om sökindexet för ärenden, diarium, handlingar, punkter och paragrafer. "
        "Kan köras om när som helst, även efter ett avbrott."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--no-progress", action="store_true", help="Ingen förloppsindikator")

    def handle(self, *args: Any, **options: Any) -> None:
        console = Console(file=self.stdout)  # type: ignore[arg-type]
        try:
            if options["no_progress"] or not console.is_terminal:
                count = reindex_all()
            else:
                with Progress(
                    TextColumn("{task.description:<14}"),
                    BarColumn(),
                    MofNCompleteColumn(),
                    TimeElapsedColumn(),
                    console=console,
                ) as bar:
                    tasks: dict[str, Any] = {}

                    def advance(label: str, done: int, total: int) -> None:
                        if label not in tasks:
                            tasks[label] = bar.add_task(label, total=total)
                        bar.update(tasks[label], completed=done)

                    count = reindex_all(advance)
        except DatabaseError as exc:
            raise CommandError(
                f"Sökindexet kunde inte byggas om: {exc}. Kör kommandot igen; det som "
                "redan indexerats skrivs bara över."
            ) from exc
        self.stdout.write(self.style.SUCCESS(f"Indexerade {count} poster."))
