"""The signal every live screen follows: a number per meeting that grows with each change
in the room, and a message on the channel layer when it has grown.

The message carries the new number and nothing else. A screen that hears it fetches its
fragments again, and access is applied to that fetch as to any page; so the stream cannot
leak what its listener may not read, whoever listens to it."""

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.db.models import F

from .models import LiveCounter

# The message type on the channel layer (the stream reads only "version" from it).
MESSAGE_TYPE = "live.changed"


def live_group(meeting_id: int) -> str:
    """The channel-layer group the streams of one meeting listen on."""
    return f"live.meeting.{meeting_id}"


def live_version(meeting_id: int, *, public: bool = False) -> int:
    """The meeting's number as committed (0 before its first change); `public`: the
    number of the changes the public web-cast shows."""
    field = "public_version" if public else "version"
    found = LiveCounter.objects.filter(pk=meeting_id).values_list(field, flat=True).first()
    return int(found or 0)


def live_changed(meeting_id: int, *, public: bool = True) -> None:
    """Count a change to the meeting and, once the caller's transaction commits, tell the
    screens the new number. Called inside the service's transaction: a change that is
    rolled back is never announced, and the number a screen hears is always committed.
    A change the public web-cast does not show (`public=False`) leaves its number as it
    is, so the public stream says nothing of it."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("live_changed() hör hemma i tjänstens transaktion.")
    LiveCounter.objects.get_or_create(meeting_id=meeting_id)
    # The row stays locked until the commit, so the numbers read back are this change's.
    bump = {"version": F("version") + 1}
    if public:
        bump["public_version"] = F("public_version") + 1
    LiveCounter.objects.filter(pk=meeting_id).update(**bump)
    row = LiveCounter.objects.filter(pk=meeting_id).values("version", "public_version").get()
    transaction.on_commit(
        lambda: _announce(meeting_id, int(row["version"]), int(row["public_version"]))
    )


def _announce(meeting_id: int, version: int, public_version: int) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    async_to_sync(layer.group_send)(
        live_group(meeting_id),
        {"type": MESSAGE_TYPE, "version": version, "public": public_version},
    )
