from django.apps import AppConfig


class CostsConfig(AppConfig):
    name = "samverkan.costs"
    label = "costs"
    verbose_name = "Kostnadsfördelning"
