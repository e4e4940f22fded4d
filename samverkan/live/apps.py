from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "samverkan.live"
    label = "live"
    verbose_name = "Sammanträdet i rummet"
