from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "samverkan.retention"
    label = "retention"
    verbose_name = "Gallring"
