"""Live support counts over the channel layer.

Messages carry an idea's id and its count, nothing else. A failing channel
layer must never fail a support: the error is logged and the page keeps
working (it shows the new count on the next load)."""

import asyncio
import logging
import threading

from asgiref.sync import SyncToAsync, async_to_sync
from channels.layers import InMemoryChannelLayer, get_channel_layer

logger = logging.getLogger(__name__)

MAX_IDS_PER_SOCKET = 60

_thread = threading.local()


def group_name(proposal_id):
    return f"proposal.{int(proposal_id)}"


def _send(layer, group, message):
    """Send from sync code. ``async_to_sync`` outside an event loop starts a
    new loop, and channels-redis a new Redis connection, on every call (about
    2 ms a support here); a sync worker keeps one loop per thread instead,
    so the layer's connection is reused. Inside ``sync_to_async`` (a
    consumer) and with the in-memory layer, whose queues belong to the
    caller's loop, ``async_to_sync`` still does the work."""
    in_sync_to_async = getattr(SyncToAsync.threadlocal, "main_event_loop", None)
    if in_sync_to_async is not None or isinstance(layer, InMemoryChannelLayer):
        async_to_sync(layer.group_send)(group, message)
        return
    loop = getattr(_thread, "loop", None)
    if loop is None or loop.is_closed():
        loop = _thread.loop = asyncio.new_event_loop()
    loop.run_until_complete(layer.group_send(group, message))


def _broadcast(proposal_id, message, what):
    """Send ``message`` to every open page of the idea. A layer that is not
    configured or fails is logged, never raised: the support itself counts."""
    try:
        layer = get_channel_layer()
        if layer is None:
            return False
        _send(layer, group_name(proposal_id), message)
        return True
    except Exception:  # noqa: BLE001 - any layer failure is logged, never raised
        logger.exception("%s for idea %s not sent", what, proposal_id)
        return False


def broadcast_gone(proposal_id):
    """The idea is no longer public: every open page is told so once, and its
    sockets leave the idea's group, so that nothing more about it reaches
    them (``SupportCountConsumer.support_gone``)."""
    message = {"type": "support.gone", "id": int(proposal_id)}
    return _broadcast(proposal_id, message, "Live 'gone'")


def announce_if_gone(sender=None, proposal=None, **kwargs):
    """Receiver of ``proposal_status_changed`` (sent on commit): an idea that
    stopped being public is announced gone."""
    from proposals.models import Proposal

    if (
        proposal is not None
        and not Proposal.objects.public().filter(pk=proposal.pk).exists()
    ):
        broadcast_gone(proposal.pk)


def broadcast_count(proposal_id, count):
    message = {"type": "support.count", "id": int(proposal_id), "count": int(count)}
    return _broadcast(proposal_id, message, "Live count")
