"""Disposal from the command line: propose a run (lists what the rules allow to remove;
nothing is removed), then confirm or cancel it as an archivist."""

import argparse
import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.table import Table

from samverkan.accounts.models import User
from samverkan.audit.context import acting_as
from samverkan.retention import services
from samverkan.retention.models import DisposalRun
from samverkan.structure.models import Collaboration


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"”{value}” är inget datum (ÅÅÅÅ-MM-DD).") from exc


class Command(BaseCommand):
    help = (
        "Gallring enligt informationshanteringsplanen: utan --confirm/--cancel listas vad "
        "reglerna tillåter att gallra (ett förslag; inget tas bort). --confirm N --user "
        "ARKIVARIE verkställer förslaget."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--collaboration", help="Samverkans adress (slug); krävs om flera")
        parser.add_argument("--as-of", type=_date, help="Gallra per dag (standard: i dag)")
        parser.add_argument("--confirm", type=int, metavar="N", help="Verkställ förslag N")
        parser.add_argument("--cancel", type=int, metavar="N", help="Avbryt förslag N")
        parser.add_argument("--user", help="Arkivariens användarnamn (för --confirm/--cancel)")
        parser.add_argument("--note", default="", help="Anteckning till beslutet")

    def handle(self, *args: Any, **options: Any) -> None:
        console = Console(file=self.stdout, width=140)  # type: ignore[arg-type]
        try:
            if options["confirm"] or options["cancel"]:
                self._decide(options, console)
            else:
                self._propose(options, console)
        except (ValidationError, PermissionDenied) as exc:
            messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            raise CommandError(" ".join(messages)) from exc

    def _collaboration(self, slug: str | None) -> Collaboration:
        if slug:
            found = Collaboration.objects.filter(slug=slug).first()
            if found is None:
                raise CommandError(f"Det finns ingen samverkan med adressen ”{slug}”.")
            return found
        all_ = list(Collaboration.objects.order_by("pk")[:2])
        if len(all_) != 1:
            raise CommandError("Ange samverkan med --collaboration (det finns flera eller ingen).")
        return all_[0]

    def _propose(self, options: dict[str, Any], console: Console) -> None:
        collaboration = self._collaboration(options["collaboration"])
        with acting_as(None, "dispose"):
            run = services.disposal_run_propose(collaboration=collaboration, as_of=options["as_of"])
        self._table(run, console)
        if run.lines.exists():
            console.print(
                f"Inget är borttaget. Verkställ som arkivarie: samverkan dispose --confirm "
                f"{run.pk} --user ANVÄNDARNAMN (eller --cancel {run.pk})."
            )
        else:
            with acting_as(None, "dispose"):
                services.disposal_run_cancel(run, user=None, note="Inget att gallra.")

    def _decide(self, options: dict[str, Any], console: Console) -> None:
        pk = options["confirm"] or options["cancel"]
        run = DisposalRun.objects.filter(pk=pk).first()
        if run is None:
            raise CommandError(f"Det finns ingen gallringskörning {pk}.")
        if not options["user"]:
            raise CommandError("Ange arkivariens användarnamn med --user.")
        user = User.objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"Det finns ingen användare ”{options['user']}”.")
        from rich.progress import Progress

        with acting_as(user, "dispose"):
            if options["cancel"]:
                services.disposal_run_cancel(run, user=user, note=options["note"])
                console.print(f"Förslag {pk} är avbrutet; inget togs bort.")
                return
            with Progress(console=console, transient=True) as bar:
                bar.add_task(f"Gallrar enligt förslag {pk}", total=None)
                run = services.disposal_run_confirm(run, user=user, note=options["note"])
        self._table(run, console)
        console.print(f"Gallrat: {run.lines.count()} handlingar. Körningen {pk} bevaras.")

    def _table(self, run: DisposalRun, console: Console) -> None:
        table = Table(
            title=f"Gallringskörning {run.pk} per {run.as_of:%Y-%m-%d} ({run.get_status_display()})"
        )
        for column in ("Handling", "Ärende", "Avslutat", "Klass", "Får gallras från", "SHA-256"):
            table.add_column(column)
        for line in run.lines.order_by("document_id"):
            table.add_row(
                line.title,
                line.case_numbers,
                f"{line.closed_on:%Y-%m-%d}",
                line.rule_code,
                f"{line.disposable_on:%Y-%m-%d}",
                line.sha256[:16],
            )
        if not table.row_count:
            console.print(f"Reglerna tillåter inte att något gallras per {run.as_of:%Y-%m-%d}.")
            return
        console.print(table)
