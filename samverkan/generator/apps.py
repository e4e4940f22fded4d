from django.apps import AppConfig


class GeneratorConfig(AppConfig):
    name = "samverkan.generator"
    label = "generator"
    verbose_name = "Exempeldata"
