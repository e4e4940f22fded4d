from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "samverkan.accounts"
    label = "accounts"
    verbose_name = "Konton och roller"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from .signals import ensure_roles_after_migrate

        post_migrate.connect(ensure_roles_after_migrate, sender=self)
