from django.apps import AppConfig


class StructureConfig(AppConfig):
    name = "samverkan.structure"
    label = "structure"
    verbose_name = "Samverkansstruktur"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from .signals import grant_secretary_permissions

        post_migrate.connect(grant_secretary_permissions, sender=self)
