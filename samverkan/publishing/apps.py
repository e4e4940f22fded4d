from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "samverkan.publishing"
    label = "publishing"
    verbose_name = "Publicering och prenumerationer"
