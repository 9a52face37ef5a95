"""Websocket routes of every app, gathered in one place for asgi.py."""

from portal.notifications.routing import websocket_urlpatterns as notification_routes
from proposals.routing import websocket_urlpatterns as proposal_routes
from voting.routing import websocket_urlpatterns as voting_routes

websocket_urlpatterns = [*voting_routes, *proposal_routes, *notification_routes]
