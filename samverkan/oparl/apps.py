from django.apps import AppConfig


class OparlConfig(AppConfig):
    name = "samverkan.oparl"
    label = "oparl"
    verbose_name = "OParl 1.1"
