from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "samverkan.archive"
    label = "archive"
    verbose_name = "E-arkiv"

    def ready(self) -> None:
        from . import receivers

        receivers.connect()
