from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "samverkan.documents"
    label = "documents"
    verbose_name = "Handlingar"
