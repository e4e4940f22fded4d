from django.apps import AppConfig


class WorkloadConfig(AppConfig):
    name = "samverkan.workload"
    label = "workload"
    verbose_name = "Mötesbelastning och arvodesunderlag"
