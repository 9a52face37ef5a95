"""Push a new notification to the user's open pages, if any. Only the title
travels (its key and values, so that each page shows it in its own
language); a failing channel layer is logged and the notification is still
waiting on /saya/."""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

logger = logging.getLogger(__name__)


def user_group(user_id):
    return f"user.{int(user_id)}"


def push(notifications):
    try:
        layer = get_channel_layer()
        if layer is None:
            return
        for notification in notifications:
            async_to_sync(layer.group_send)(
                user_group(notification.user_id),
                notification.live_payload(),
            )
    except Exception:  # noqa: BLE001
        logger.exception("Live notification not pushed")
