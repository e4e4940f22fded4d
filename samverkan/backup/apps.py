from django.apps import AppConfig


class BackupConfig(AppConfig):
    """`samverkan backup` and `samverkan restore`: the database and the files beside it."""

    name = "samverkan.backup"
    label = "backup"
    verbose_name = "Säkerhetskopior"
