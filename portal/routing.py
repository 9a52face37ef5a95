"""Websocket routes of every app, gathered in one place for asgi.py."""

from voting.routing import websocket_urlpatterns as voting_routes

websocket_urlpatterns = [*voting_routes]
