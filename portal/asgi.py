"""ASGI entry point: HTTP through Django, websockets through Channels.

Like ``wsgi.py`` it defaults to the production settings, which refuse to
start without their variables: a server started without
DJANGO_SETTINGS_MODULE must never run with DEBUG on, any host and any
websocket Origin (issue 11 item 13). ``manage.py runserver`` sets the
development settings itself before this module is imported."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from portal.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)
