"""samverkan import_notice FILE… [--save] [--collaboration SLUG]"""

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import Progress
from rich.table import Table as RichTable

from samverkan.access.policy import Audience
from samverkan.audit.context import acting_as
from samverkan.importer import preview, services
from samverkan.importer.parse import ParsedMeeting, ParseError, parse_bytes


class Command(BaseCommand):
    help = (
        "Läser kallelser/föredragningslistor och protokoll (text eller PDF) och visar vad "
        "som förstods och inte. Med --save sparas sammanträdet med organ, ledamöter, "
        "punkter och ärenden."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FIL")
        parser.add_argument(
            "--save", action="store_true", help="Spara (annars bara förhandsvisning)."
        )
        parser.add_argument("--collaboration", metavar="WEBBADRESS", help="Samverkan att spara i.")

    def handle(self, *args: Any, **options: Any) -> None:
        console = Console(file=self.stdout, width=140, soft_wrap=False)  # type: ignore[arg-type]
        parsed_files: list[tuple[Path, ParsedMeeting]] = []
        for name in options["files"]:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"Filen {name} finns inte.")
            try:
                parsed = parse_bytes(path.read_bytes())
            except ParseError as exc:
                raise CommandError(f"{name}: {exc}") from exc
            parsed_files.append((path, parsed))
            self._show(console, path, parsed)
        if not options["save"]:
            self.stdout.write("Inget sparades (förhandsvisning). Lägg till --save för att spara.")
            return
        try:
            collaboration = services.import_collaboration(options.get("collaboration"))
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        operator = Audience(is_admin=True)
        failures = 0
        with acting_as(None, "import_notice"), Progress(console=console, transient=True) as bar:
            task = bar.add_task("Sparar", total=len(parsed_files))
            for path, parsed in parsed_files:
                try:
                    result = services.notice_import(
                        parsed,
                        collaboration=collaboration,
                        user=None,
                        audience=operator,
                        source=f"Import av {path.name}",
                    )
                except ValidationError as exc:
                    failures += 1
                    console.print(
                        f"[red]{path.name}: inget sparades: {' '.join(exc.messages)}[/red]"
                    )
                else:
                    counts = ", ".join(f"{k}: {v}" for k, v in sorted(result.counts.items()))
                    console.print(
                        f"{path.name}: sparade {result.meeting} "
                        f"({'nytt organ, ' if result.body_created else ''}{counts})."
                    )
                    for note in result.notes:
                        console.print(f"  [yellow]Obs:[/yellow] {note}")
                bar.advance(task)
        if failures:
            raise CommandError(f"{failures} av {len(parsed_files)} filer kunde inte sparas.")

    def _show(self, console: Console, path: Path, parsed: ParsedMeeting) -> None:
        console.rule(f"{path.name}")
        facts = RichTable(title="Sammanträdet", show_header=False)
        for label, value in preview.facts(parsed):
            facts.add_row(label, value)
        console.print(facts)
        for table in [*preview.tables(parsed), preview.not_understood(parsed)]:
            rich = RichTable(title=f"{table.caption} ({len(table.rows)})")
            for header in table.headers:
                rich.add_column(header, overflow="fold")
            for row in table.rows:
                rich.add_row(*row)
            console.print(rich)
        if parsed.ignored:
            console.print(
                f"{len(parsed.ignored)} rader lades åt sidan som sidhuvuden eller skräptecken."
            )
        for warning in parsed.warnings:
            console.print(f"[yellow]Varning:[/yellow] {warning}")
