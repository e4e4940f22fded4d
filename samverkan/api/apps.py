from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "samverkan.api"
    label = "api"
    verbose_name = "REST-API för parternas system"
