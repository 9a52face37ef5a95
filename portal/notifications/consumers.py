from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.utils import translation

from .live import user_group
from .models import render


class NotificationConsumer(AsyncJsonWebsocketConsumer):
    """/ws/kabar/: the signed-in user's own new notifications, live, in the
    language the reader chose (the same cookie the pages read)."""

    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        chosen = (self.scope.get("cookies") or {}).get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        self.language = chosen if chosen in supported else settings.LANGUAGE_CODE
        self.group = user_group(user.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def notification_new(self, event):
        title = await database_sync_to_async(self._title)(event)
        await self.send_json({"type": "notification", "title": title})

    def _title(self, event):
        """In a thread: ``%(agency)s`` may read the site settings."""
        with translation.override(self.language):
            return render(
                event.get("title_key"), event.get("title_values"), event["title"]
            )
