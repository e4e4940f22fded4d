"""The cases app acts on the meetings app's events through its own services."""

from typing import Any

from samverkan.meetings.signals import sections_final

from .services import decisions_record_from_sections


def _sections_final(sender: Any, sections: list[Any], **kwargs: Any) -> None:
    decisions_record_from_sections(sections)


def connect() -> None:
    sections_final.connect(_sections_final, dispatch_uid="cases:decisions-from-sections")
