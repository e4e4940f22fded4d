from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "samverkan.core"
    label = "core"
    verbose_name = "Gemensamt"

    def ready(self) -> None:
        from .lookups import register

        register()
