"""`samverkan restore MAPP [--force]`: the database and the files from a backup made by
`samverkan backup` (see samverkan/backup/services.py)."""

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samverkan.backup.services import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Återställer databasen och filerna från en säkerhetskopia. Kontrollerar först "
        "varje fils SHA-256. Skriver bara över en databas med tabeller eller mappar med "
        "filer med --force. Stoppa servern först."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", type=Path, help="Mappen med säkerhetskopian.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Ersätt den befintliga databasen och de befintliga filerna.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        try:
            manifest = backup_restore(options["source"], force=options["force"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        for warning in manifest.warnings:
            self.stderr.write(f"Varning: {warning}")
        self.stdout.write(
            f"Återställt från {options['source']} (kopia från {manifest.created}): databasen "
            f"och {len(manifest.files)} filer ({time.monotonic() - started:.1f} s). "
            f"Ändringsloggen har {manifest.audit_entries} poster, senaste hash "
            f"{manifest.audit_chain_head}."
        )
        self.stdout.write(
            "Kör samverkan migrate om programmet är nyare än kopian, och samverkan verify."
        )
