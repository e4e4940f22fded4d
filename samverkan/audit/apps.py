from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "samverkan.audit"
    label = "audit"
    verbose_name = "Ändringslogg"

    def ready(self) -> None:
        from . import signals

        signals.connect_audited_models()
