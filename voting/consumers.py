"""Websocket for live support counts: /ws/dukungan/?ids=1,2,3

A page subscribes to the ideas it shows. Each client gets at most one
update per idea per second: updates arriving faster are coalesced and the
latest count is sent when the second is over.

``&fresh=1`` asks for the current counts at once: a page that reconnects
after its socket was closed (a Redis or daphne restart, a weak signal) has
missed the updates in between, and catches up this way. ``&segar=1``, its
name before the glossary (docs/development.md), is still understood: a page
loaded before an upgrade keeps its old script."""

import asyncio
import time
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from proposals.models import Proposal

from .live import MAX_IDS_PER_SOCKET, group_name

MIN_INTERVAL = 1.0


@database_sync_to_async
def public_counts(ids):
    return dict(
        Proposal.objects.public().filter(pk__in=ids).values_list("pk", "support_count")
    )


class SupportCountConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        query = parse_qs(self.scope.get("query_string", b"").decode())
        raw = ",".join(query.get("ids", []))
        ids = []
        for part in raw.split(","):
            if part.strip().isdigit() and len(ids) < MAX_IDS_PER_SOCKET:
                ids.append(int(part))
        counts = await public_counts(ids) if ids else {}
        self.subscribed = set(counts)
        if not self.subscribed:
            await self.close(code=4400)
            return
        for pk in self.subscribed:
            await self.channel_layer.group_add(group_name(pk), self.channel_name)
        self.last_sent = {}
        self.pending = {}
        self.latest = {}
        await self.accept()
        if "1" in (*query.get("fresh", ()), *query.get("segar", ())):
            for pk, count in counts.items():
                self.latest[pk] = count
                await self._send(pk)

    async def disconnect(self, code):
        for pk in getattr(self, "subscribed", []):
            await self.channel_layer.group_discard(group_name(pk), self.channel_name)
        for handle in getattr(self, "pending", {}).values():
            handle.cancel()

    async def receive_json(self, content, **kwargs):
        """Clients only listen; anything they send is ignored."""

    async def support_count(self, event):
        pk, count = event["id"], event["count"]
        if pk not in self.subscribed:
            return  # gone meanwhile: nothing more about it
        self.latest[pk] = count
        wait = self.last_sent.get(pk, 0) + MIN_INTERVAL - time.monotonic()
        if wait <= 0:
            await self._send(pk)
        elif pk not in self.pending:
            loop = asyncio.get_running_loop()
            self.pending[pk] = loop.call_later(
                wait, lambda: asyncio.ensure_future(self._send(pk))
            )

    async def support_gone(self, event):
        """The idea stopped being public (``voting.live.broadcast_gone``): the
        page hears it once, and nothing more about it afterwards."""
        pk = event["id"]
        if pk not in self.subscribed:
            return
        self.subscribed.discard(pk)
        handle = self.pending.pop(pk, None)
        if handle is not None:
            handle.cancel()
        self.latest.pop(pk, None)
        await self.channel_layer.group_discard(group_name(pk), self.channel_name)
        await self.send_json({"type": "gone", "id": pk})

    async def _send(self, pk):
        self.pending.pop(pk, None)
        if pk not in self.subscribed:
            return
        self.last_sent[pk] = time.monotonic()
        await self.send_json({"type": "count", "id": pk, "count": self.latest[pk]})
