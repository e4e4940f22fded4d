from typing import Any

from django.core.management.base import BaseCommand

from samverkan.search.indexers import reindex_all


class Command(BaseCommand):
    help = "Bygger om sökindexet för ärenden, diarium, handlingar, punkter och paragrafer."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(self.style.SUCCESS(f"Indexerade {reindex_all()} poster."))
