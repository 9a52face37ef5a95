"""Websocket routes of every app, gathered in one place for asgi.py."""

websocket_urlpatterns = []
