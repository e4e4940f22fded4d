"""The rules of the meeting in the room, as pure functions."""

import datetime


def live_open_problem(meeting_day: datetime.date, today: datetime.date) -> str:
    """A meeting is held in the room on its own day: not before (it may still be moved),
    not after (what happened is then written on the minutes page)."""
    if meeting_day > today:
        return f"Sammanträdet kan öppnas på sammanträdesdagen ({meeting_day:%Y-%m-%d})."
    if meeting_day < today:
        return (
            f"Sammanträdet hölls {meeting_day:%Y-%m-%d}; det som hände skrivs in på "
            "protokollssidan."
        )
    return ""


def entry_item(current: int | None, started: bool) -> int | None:
    """The position of the item "during which" someone comes or goes now, as the
    attendance records it (rules.present_at): before the first item has started, nobody
    comes during an item (None: there from the start); during item N, item N."""
    return current if started else None


def leaving_after(current: int | None, started: bool) -> int | None:
    """Whoever leaves now is gone from the item being dealt with: they left after the
    item before it (None when it is the first item or none has started: then they were
    not there at all for the items)."""
    if current is None or not started:
        return None
    return current - 1 if current > 1 else None


def seated_after(current: int | None, started: bool) -> int | None:
    """A substitute who takes a seat now serves from the item being dealt with: as if
    they came during the item before it (None: from the start)."""
    return leaving_after(current, started)
