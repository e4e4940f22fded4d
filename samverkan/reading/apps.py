from django.apps import AppConfig


class ReadingConfig(AppConfig):
    name = "samverkan.reading"
    label = "reading"
    verbose_name = "Läsplattan"
