from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "samverkan.archive"
    label = "archive"
    verbose_name = "E-arkiv"
