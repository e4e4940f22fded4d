from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "samverkan.cases"
    label = "cases"
    verbose_name = "Ärenden och diarium"

    def ready(self) -> None:
        from . import signals

        signals.connect()
