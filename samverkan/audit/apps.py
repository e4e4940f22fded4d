from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "samverkan.audit"
    label = "audit"
    verbose_name = "Ändringslogg"

    def ready(self) -> None:
        from . import dbtriggers, signals, triggers

        signals.connect_audited_models()
        dbtriggers.connect(self)
        dbtriggers.register(self, triggers.GROUP, triggers.refusals)
