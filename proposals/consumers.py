from channels.generic.websocket import AsyncJsonWebsocketConsumer

from .live import layar_group


class LayarConsumer(AsyncJsonWebsocketConsumer):
    """/ws/layar/<year>/: tells the big screen to refresh; carries no data."""

    async def connect(self):
        self.group = layar_group(self.scope["url_route"]["kwargs"]["year"])
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        await self.channel_layer.group_discard(self.group, self.channel_name)

    async def layar_refresh(self, event):
        await self.send_json({"type": "refresh"})
