from django.apps import AppConfig


class ImporterConfig(AppConfig):
    name = "samverkan.importer"
    label = "importer"
    verbose_name = "Import av handlingar"
