from django.apps import AppConfig


class ReadingConfig(AppConfig):
    name = "samverkan.reading"
    label = "reading"
    verbose_name = "Läsplattan"

    def ready(self) -> None:
        from . import receivers

        receivers.connect()
