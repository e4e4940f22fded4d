"""`samverkan verify`: checks that what was sealed is still as sealed. A list of checks,
each over its own items; more checks (the audit log's hash chain) are added to CHECKS."""

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from samverkan.meetings.selectors import sealed_file_problems, sealed_meetings


@dataclass(frozen=True)
class Failure:
    item: str  # what failed, e.g. "RSR 2025-05-05"
    part: str  # which part of it, e.g. "Justerat protokoll"
    problem: str


@dataclass(frozen=True)
class Check:
    label: str  # Swedish, shown on the progress bar
    items: Callable[[], Sequence[Any]]
    failures: Callable[[Any], Iterable[Failure]]


def _sealed_minutes_failures(meeting: Any) -> list[Failure]:
    return [
        Failure(f"{meeting} (id {meeting.pk})", p.file, p.problem)
        for p in sealed_file_problems(meeting)
    ]


CHECKS: list[Check] = [
    Check(
        "Justerade protokoll: fil, SHA-256 och signatur",
        lambda: list(sealed_meetings()),
        _sealed_minutes_failures,
    ),
]


class Command(BaseCommand):
    help = (
        "Kontrollerar att det som justerats är oförändrat: att varje justerat protokolls "
        "fil (och offentliga version) finns, har sparad SHA-256 och en giltig signatur. "
        "Avslutas med felkod om någon kontroll misslyckas."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quiet", action="store_true", help="Visa ingen förloppsindikator.")

    def handle(self, *args: Any, **options: Any) -> None:
        console = Console(file=self.stdout, highlight=False, width=120)  # type: ignore[arg-type]
        started = time.monotonic()
        failures: list[Failure] = []
        counts: list[tuple[str, int, int]] = []
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            disable=options["quiet"],
        ) as progress:
            for check in CHECKS:
                items = check.items()
                task = progress.add_task(check.label, total=len(items))
                failed_items = 0
                for item in items:
                    found = list(check.failures(item))
                    failures.extend(found)
                    failed_items += bool(found)
                    progress.advance(task)
                counts.append((check.label, len(items), failed_items))
        for label, total, failed in counts:
            console.print(
                f"{label}: {total} kontrollerade, {total - failed} giltiga, {failed} fel."
            )
        seconds = time.monotonic() - started
        if failures:
            table = Table(title="Misslyckade kontroller", show_lines=False)
            table.add_column("Vad")
            table.add_column("Fil")
            table.add_column("Fel")
            for f in failures:
                table.add_row(f.item, f.part, f.problem)
            console.print(table)
            failed_total = sum(failed for _, _, failed in counts)
            raise CommandError(
                f"Kontrollen misslyckades: {failed_total} av "
                f"{sum(total for _, total, _ in counts)} poster har fel ({seconds:.1f} s)."
            )
        console.print(f"Allt är giltigt ({seconds:.1f} s).")
