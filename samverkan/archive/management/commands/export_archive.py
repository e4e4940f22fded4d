"""samverkan export_archive: E-ARK SIP packages with CITS ERMS v3 metadata.

    samverkan export_archive --case RS/418/2025 --output DIR
    samverkan export_archive --body RSR --year 2025 --output DIR
    samverkan export_archive --closed --output DIR

Runs as the system: every record is included, confidential ones marked. Rerunning
after an interruption keeps the complete packages and writes the rest."""

import datetime
import pathlib
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from samverkan.archive import selectors, services
from samverkan.archive.sip import ExportError, Written


def _created(text: str) -> datetime.datetime:
    try:
        value = datetime.datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(
            f"--created ”{text}” är ingen tidpunkt (skriv t.ex. 2026-01-31T12:00:00+01:00)."
        ) from None
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


class Command(BaseCommand):
    help = "Exporterar ärenden och organs sammanträdesår som E-ARK-paket (SIP) med ERMS."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--case", help="Ett ärende, t.ex. RS/418/2025.")
        parser.add_argument("--body", help="Ett organ (kortnamn eller webbadress), med --year.")
        parser.add_argument("--year", type=int, help="Kalenderåret för --body.")
        parser.add_argument(
            "--closed",
            action="store_true",
            help="Alla avslutade ärenden och alla passerade organsår med justerade protokoll.",
        )
        parser.add_argument("--output", required=True, help="Mappen paketen skrivs i.")
        parser.add_argument(
            "--created",
            help=(
                "Exporthändelsens tid i paketet (ISO 8601). Utan den tas den senaste "
                "ändringstiden i de exporterade uppgifterna."
            ),
        )
        parser.add_argument("--collaboration", help="Samverkans webbadress, om flera finns.")

    def handle(self, *args: Any, **options: Any) -> None:
        chosen = [bool(options["case"]), bool(options["body"]), bool(options["closed"])]
        if sum(chosen) != 1:
            raise CommandError("Ange precis ett av --case, --body (med --year) och --closed.")
        if options["body"] and options["year"] is None:
            raise CommandError("--body behöver --year.")
        if options["year"] is not None and not options["body"]:
            raise CommandError("--year hör till --body.")
        created = _created(options["created"]) if options["created"] else None
        output = pathlib.Path(options["output"])
        try:
            collaboration = (
                selectors.collaboration_for_slug(options["collaboration"])
                if options["collaboration"]
                else None
            )
            if options["case"]:
                plan = services.plan_case(options["case"], created, collaboration)
            elif options["body"]:
                plan = services.plan_body_year(
                    options["body"], options["year"], created, collaboration
                )
            else:
                plan = services.plan_closed(timezone.localdate(), created, collaboration)
        except selectors.NotFound as exc:
            raise CommandError(str(exc)) from None
        written = self._run(plan, output)
        new = [w for w in written if not w.skipped]
        for w in written:
            state = "fanns redan, kontrollerat" if w.skipped else "skrivet"
            self.stdout.write(f"  {w.name}: {w.file_count} filer, {w.size} byte (zip), {state}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(written)} paket i {output} ({len(new)} nya, "
                f"{len(written) - len(new)} fanns redan). ERMS giltig mot XSD och Schematron."
            )
        )

    def _run(self, plan: services.Plan, output: pathlib.Path) -> list[Written]:
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as Bar

        try:
            with Bar(
                TextColumn("{task.description:<32}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                disable=not self.stdout.isatty(),
            ) as bar:
                task = bar.add_task("Exporterar", total=len(plan))

                def advanced(w: Written) -> None:
                    bar.update(task, advance=1, description=w.name[:32])

                return services.archive_export_write(plan, output, advanced)
        except (ExportError, selectors.NotFound) as exc:
            raise CommandError(f"Exporten avbröts: {exc}") from None
        except OSError as exc:
            raise CommandError(f"Exporten avbröts: kunde inte skriva i {output}: {exc}") from None
