"""Live refresh of the Layar Musrenbang (the big screen at the session)."""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

logger = logging.getLogger(__name__)


def layar_group(year):
    return f"layar.{int(year)}"


def refresh_layar(year):
    """Tell every open Layar of this cycle to fetch its list again. A failing
    channel layer only costs the live update, never the decision."""
    try:
        layer = get_channel_layer()
        if layer is not None:
            async_to_sync(layer.group_send)(
                layar_group(year), {"type": "layar.refresh"}
            )
    except Exception:  # noqa: BLE001
        logger.exception("Layar %s not refreshed", year)
