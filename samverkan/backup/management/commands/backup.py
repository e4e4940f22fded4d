"""`samverkan backup MAPP`: the database and the installation's files into a new folder
(see samverkan/backup/services.py)."""

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samverkan.backup.services import BackupError, backup_make


class Command(BaseCommand):
    help = (
        "Säkerhetskopierar databasen (SQLite: online backup, PostgreSQL: pg_dump) och "
        "filerna (handlingar, justerade protokoll, arkivexporter) till en ny mapp med "
        "manifest och SHA-256 per fil. Servern kan vara igång."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("destination", type=Path, help="Ny mapp att skriva kopian till.")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        try:
            manifest = backup_make(options["destination"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        for warning in manifest.warnings:
            self.stderr.write(f"Varning: {warning}")
        self.stdout.write(
            f"Säkerhetskopian är klar i {options['destination']}: databasen ({manifest.vendor}, "
            f"{manifest.database['bytes'] / 1e6:.1f} MB, {manifest.audit_entries} poster i "
            f"ändringsloggen), {len(manifest.files)} filer, totalt "
            f"{manifest.total_bytes / 1e6:.1f} MB ({time.monotonic() - started:.1f} s)."
        )
        self.stdout.write(f"Ändringsloggens senaste hash: {manifest.audit_chain_head}")
