from django.urls import path

from .consumers import LayarConsumer

websocket_urlpatterns = [path("ws/layar/<int:year>/", LayarConsumer.as_asgi())]
