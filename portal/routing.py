"""Websocket routes of every app, gathered in one place for asgi.py."""

from proposals.routing import websocket_urlpatterns as proposal_routes
from voting.routing import websocket_urlpatterns as voting_routes

websocket_urlpatterns = [*voting_routes, *proposal_routes]
