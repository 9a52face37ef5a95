"""The websocket routes of portal/routing.py as every role: accepted or
refused, compared with a table; and /ws/kabar/ delivers only the signed-in
child's own notifications.

A route without a row in ``WEBSOCKETS`` fails the test with its name."""

import importlib

import pytest
from asgiref.sync import sync_to_async
from channels.layers import channel_layers
from channels.testing import WebsocketCommunicator
from django.test import Client

from portal.notifications.models import Notification, notify
from portal.routing import websocket_urlpatterns
from tests.security.world import ROLES, build_world

pytestmark = pytest.mark.django_db(transaction=True)

ORIGIN = (b"origin", b"http://localhost")
ACCEPT, REFUSE = "accept", "refuse"

# route -> (the path to open, from the world) and the outcome of each role.
WEBSOCKETS = {
    # Public counts of public ideas; refused without a public idea to follow.
    "ws/dukungan/": (
        lambda w: f"/ws/dukungan/?ids={w.published.pk}",
        dict.fromkeys(ROLES, ACCEPT),
    ),
    # The big screen: carries only "refresh", never data.
    "ws/layar/<int:year>/": (
        lambda w: f"/ws/layar/{w.cycle.year}/",
        dict.fromkeys(ROLES, ACCEPT),
    ),
    # The user's own notifications: signed-in users only.
    "ws/kabar/": (
        lambda w: "/ws/kabar/",
        {**dict.fromkeys(ROLES, ACCEPT), "anon": REFUSE},
    ),
}


@pytest.fixture(autouse=True)
def fresh_channel_layer():
    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


@pytest.fixture
def application(settings):
    import portal.asgi

    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1"]
    original = portal.asgi.application
    importlib.reload(portal.asgi)
    yield portal.asgi.application
    portal.asgi.application = original


@pytest.fixture
def world(transactional_db, private_media):
    return build_world()


def session_cookie(user):
    client = Client()
    client.force_login(user)
    return (b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode())


async def opens(application, path, cookie=None):
    headers = [ORIGIN] + ([cookie] if cookie else [])
    communicator = WebsocketCommunicator(application, path, headers=headers)
    connected, _ = await communicator.connect()
    await communicator.disconnect()
    return ACCEPT if connected else REFUSE


def test_every_websocket_route_has_a_row():
    routes = {str(pattern.pattern) for pattern in websocket_urlpatterns}
    missing = routes - set(WEBSOCKETS)
    assert not missing, f"websocket routes without a row in WEBSOCKETS: {missing}"


@pytest.mark.asyncio
async def test_each_role_on_each_websocket(application, world):
    cookies = {
        role: await sync_to_async(session_cookie)(world.users[role])
        for role in ROLES
        if role != "anon"
    }
    wrong = []
    for route, (path_for, expected) in WEBSOCKETS.items():
        path = path_for(world)
        for role in ROLES:
            got = await opens(application, path, cookies.get(role))
            if got != expected[role]:
                wrong.append(f"{route} as {role}: expected {expected[role]}, got {got}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.asyncio
async def test_a_foreign_origin_is_refused(application, world):
    communicator = WebsocketCommunicator(
        application, "/ws/kabar/", headers=[(b"origin", b"https://jahat.example")]
    )
    connected, _ = await communicator.connect()
    assert not connected


@pytest.mark.asyncio
async def test_kabar_delivers_only_the_childs_own_notifications(application, world):
    ani, budi = world.users["child"], world.users["budi"]
    cookie = await sync_to_async(session_cookie)(ani)
    communicator = WebsocketCommunicator(
        application, "/ws/kabar/", headers=[ORIGIN, cookie]
    )
    connected, _ = await communicator.connect()
    assert connected

    await sync_to_async(notify)(
        [budi], kind=Notification.Kind.INFO, title="Rahasia untuk Budi"
    )
    assert await communicator.receive_nothing(timeout=0.5)

    await sync_to_async(notify)([ani], kind=Notification.Kind.INFO, title="Untuk Ani")
    message = await communicator.receive_json_from(timeout=2)
    assert message == {"type": "notification", "title": "Untuk Ani"}
    assert await communicator.receive_nothing(timeout=0.3)
    await communicator.disconnect()
