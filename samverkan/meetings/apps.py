from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "samverkan.meetings"
    label = "meetings"
    verbose_name = "Sammanträden"

    def ready(self) -> None:
        from . import guards

        guards.connect()
