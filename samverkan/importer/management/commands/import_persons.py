"""samverkan import_persons FILE [--collaboration SLUG] [--save]"""

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.table import Table

from samverkan.access.policy import Audience
from samverkan.audit.context import acting_as
from samverkan.importer import services


class Command(BaseCommand):
    help = (
        "Läser personer och uppdrag ur en CSV-fil (kolumner: namn, e-post, parti, organ, roll, "
        "från, till). Varje rad kontrolleras; med --save sparas allt eller inget."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FIL")
        parser.add_argument("--save", action="store_true", help="Spara (annars bara kontroll).")
        parser.add_argument("--collaboration", metavar="WEBBADRESS", help="Samverkan att spara i.")

    def handle(self, *args: Any, **options: Any) -> None:
        console = Console(file=self.stdout, width=140)  # type: ignore[arg-type]
        path = Path(options["file"])
        if path.is_dir():
            raise CommandError(f"{path} är en katalog; ange en CSV-fil.")
        if not path.is_file():
            raise CommandError(f"Filen {path} finns inte.")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Filen {path} kan inte läsas ({exc.strerror}).") from exc
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
        operator = Audience(is_admin=True)
        try:
            collaboration = services.import_collaboration(options.get("collaboration"))
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        rows, errors = services.persons_csv_read(
            text, collaboration=collaboration, audience=operator
        )
        if not errors:
            table = Table(title=f"Rader att läsa in ({len(rows)})")
            for header in ("Rad", "Namn", "E-post", "Parti", "Organ", "Roll", "Från", "Till"):
                table.add_column(header)
            for r in rows:
                table.add_row(
                    str(r.row),
                    r.name,
                    r.email,
                    r.party_letters,
                    r.body.short_name,
                    r.role,
                    str(r.start or ""),
                    str(r.end or ""),
                )
            console.print(table)
        if not errors and options["save"]:
            with acting_as(None, "import_persons"):
                counts, errors = services.persons_import(rows, audience=operator)
            if not errors:
                console.print(
                    "Sparat: "
                    + (", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) or "inget nytt")
                )
                return
        if errors:
            table = Table(title=f"Fel ({len(errors)}); inget sparades")
            for header in ("Rad", "Kolumn", "Fel"):
                table.add_column(header)
            for e in errors:
                table.add_row(str(e.row), e.column, e.message)
            console.print(table)
            raise CommandError(f"{len(errors)} fel i {path.name}; inget sparades.")
        self.stdout.write("Inget sparades (kontroll). Lägg till --save för att spara.")
