"""The in-memory channel layer, safe to send on from any thread of the process.

channels' InMemoryChannelLayer wakes a waiting receiver with asyncio calls that are safe
only on the receiver's own event loop. A change committed in a thread without that loop
(a background job, a test, a management command run in-process) would reach the stream
only at its next heartbeat. This layer hands the message over on the receiver's loop."""

import asyncio
import contextlib
from typing import Any

from channels.exceptions import ChannelFull
from channels.layers import InMemoryChannelLayer


class ThreadSafeInMemoryChannelLayer(InMemoryChannelLayer):
    async def send(self, channel: str, message: dict[str, Any]) -> None:
        queue = self.channels.get(channel)
        # asyncio.Queue binds to the loop of the first receiver that waited on it.
        owner = getattr(queue, "_loop", None)
        if owner is not None and owner is not asyncio.get_running_loop() and owner.is_running():
            done = asyncio.run_coroutine_threadsafe(super().send(channel, message), owner)
            await asyncio.wrap_future(done)
            return
        await super().send(channel, message)

    async def group_send(self, group: str, message: dict[str, Any]) -> None:
        assert isinstance(message, dict), "Message is not a dict"
        self.require_valid_group_name(group)
        # A copy: a receiver on another loop may join or leave the group meanwhile.
        for channel in list(self.groups.get(group, {})):
            with contextlib.suppress(ChannelFull):
                await self.send(channel, message)
