from django.urls import path

from .consumers import NotificationConsumer

websocket_urlpatterns = [path("ws/kabar/", NotificationConsumer.as_asgi())]
