from typing import Any

from django.urls import reverse

KEYS = {"importer:preview": "importer_notice", "importer:persons": "importer_persons"}


def confirm(client: Any, name: str, **kwargs: Any) -> Any:
    """Press the confirm button of the page as shown: it names the upload it shows."""
    digest = (client.session.get(KEYS[name]) or {}).get("digest", "")
    data = {"digest": digest}
    if name == "importer:persons":
        data["confirm"] = "1"
    return client.post(reverse(name), data, **kwargs)
