from django.apps import AppConfig


class PreparationConfig(AppConfig):
    name = "samverkan.preparation"
    label = "preparation"
    verbose_name = "Beredning"
