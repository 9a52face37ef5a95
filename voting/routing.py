from django.urls import path

from .consumers import SupportCountConsumer

websocket_urlpatterns = [path("ws/dukungan/", SupportCountConsumer.as_asgi())]
