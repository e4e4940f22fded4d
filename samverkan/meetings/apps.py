from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "samverkan.meetings"
    label = "meetings"
    verbose_name = "Sammanträden"

    def ready(self) -> None:
        from samverkan.audit import dbtriggers

        from . import guards, triggers

        guards.connect()
        dbtriggers.register(self, triggers.GROUP, triggers.refusals)
