from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "samverkan.followup"
    label = "followup"
    verbose_name = "Uppföljning och uppdrag"
