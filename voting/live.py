"""Live support counts over the channel layer.

Messages carry an idea's id and its count, nothing else. A failing channel
layer must never fail a support: the error is logged and the page keeps
working (it shows the new count on the next load)."""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

logger = logging.getLogger(__name__)

MAX_IDS_PER_SOCKET = 60


def group_name(proposal_id):
    return f"proposal.{int(proposal_id)}"


def broadcast_count(proposal_id, count):
    try:
        layer = get_channel_layer()
        if layer is None:
            return False
        async_to_sync(layer.group_send)(
            group_name(proposal_id),
            {"type": "support.count", "id": int(proposal_id), "count": int(count)},
        )
        return True
    except Exception:  # noqa: BLE001 - any layer failure is logged, never raised
        logger.exception("Live count for idea %s not sent", proposal_id)
        return False
