"""`samverkan verify`: checks that what was sealed is still as sealed. A list of checks,
each over its own items: the sealed minutes one by one, the audit log's hash chain in one
streaming pass."""

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from samverkan.audit.chain import chain_faults, chain_head, chain_length
from samverkan.meetings.selectors import sealed_file_problems, sealed_meetings

# Failures listed per check; beyond this they are only counted (a log rewritten from its
# first entry would otherwise fill memory and the screen).
MAX_LISTED = 1000


@dataclass(frozen=True)
class Failure:
    item: str  # what failed, e.g. "RSR 2025-05-05"
    part: str  # which part of it, e.g. "Justerat protokoll"
    problem: str


@dataclass(frozen=True)
class Check:
    """A check of `total()` items: `run(advance)` yields the failures and calls
    `advance(n)` as items are done."""

    label: str  # Swedish, shown on the progress bar
    total: Callable[[], int]
    run: Callable[[Callable[[int], None]], Iterable[Failure]]


def item_check(
    label: str, items: Callable[[], Sequence[Any]], failures: Callable[[Any], Iterable[Failure]]
) -> Check:
    """A check that looks at each item on its own."""
    loaded: list[Sequence[Any]] = []

    def total() -> int:
        loaded.append(items())
        return len(loaded[-1])

    def run(advance: Callable[[int], None]) -> Iterator[Failure]:
        for item in loaded.pop() if loaded else items():
            yield from failures(item)
            advance(1)

    return Check(label, total, run)


def _sealed_minutes_failures(meeting: Any) -> list[Failure]:
    return [
        Failure(f"{meeting} (id {meeting.pk})", p.file, p.problem)
        for p in sealed_file_problems(meeting)
    ]


def _audit_chain_failures(advance: Callable[[int], None]) -> Iterator[Failure]:
    for fault in chain_faults(advance):
        yield Failure(f"Ändringsloggen, post {fault.entry_id}", "Hashkedja", fault.problem)


CHECKS: list[Check] = [
    item_check(
        "Justerade protokoll: fil, SHA-256 och signatur",
        lambda: list(sealed_meetings()),
        _sealed_minutes_failures,
    ),
    Check("Ändringsloggens hashkedja", chain_length, _audit_chain_failures),
]


class Command(BaseCommand):
    help = (
        "Kontrollerar att det som justerats är oförändrat: att varje justerat protokolls "
        "fil (och offentliga version) finns, har sparad SHA-256 och en giltig signatur, och "
        "att ändringsloggens hashkedja är obruten. Avslutas med felkod om någon kontroll "
        "misslyckas."
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
                total = check.total()
                task = progress.add_task(check.label, total=total)
                # A check yields an item's failures one after another: count items, not
                # failures, without keeping them all.
                failed, last_item = 0, None
                advance = partial(progress.advance, task)
                for failure in check.run(advance):
                    if failure.item != last_item:
                        failed, last_item = failed + 1, failure.item
                    if failed <= MAX_LISTED:
                        failures.append(failure)
                counts.append((check.label, total, failed))
        for label, total, failed_items in counts:
            listed = "" if failed_items <= MAX_LISTED else f" (de första {MAX_LISTED} visas)"
            console.print(
                f"{label}: {total} kontrollerade, {total - failed_items} giltiga, "
                f"{failed_items} fel{listed}."
            )
        console.print(f"Ändringsloggens senaste hash: {chain_head()}")
        seconds = time.monotonic() - started
        if failures:
            table = Table(title="Misslyckade kontroller", show_lines=False)
            table.add_column("Vad")
            table.add_column("Del")
            table.add_column("Fel")
            for f in failures:
                table.add_row(f.item, f.part, f.problem)
            console.print(table)
            failed_checks = "; ".join(
                f"{label}: {failed} av {total} har fel" for label, total, failed in counts if failed
            )
            raise CommandError(f"Kontrollen misslyckades: {failed_checks} ({seconds:.1f} s).")
        console.print(f"Allt är giltigt ({seconds:.1f} s).")
