from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "samverkan.search"
    label = "search"
    verbose_name = "Sök"

    def ready(self) -> None:
        from . import signals

        signals.connect()
