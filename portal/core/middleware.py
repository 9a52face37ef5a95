"""Client addresses behind a known number of reverse proxies."""

from django.conf import settings


def client_ip(request):
    """The client's address as seen by the outermost trusted proxy.

    Only the last ``TRUSTED_PROXY_COUNT`` entries of X-Forwarded-For were
    written by our own proxies; anything to their left came from the client
    and may be forged, so it is never trusted.
    """
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    remote = request.META.get("REMOTE_ADDR", "")
    if count <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < count:
        return remote
    return forwarded[-count]


class TrustedProxyMiddleware:
    """Rewrite REMOTE_ADDR to the real client address, so that every
    consumer (django-ratelimit, allauth's rate limits, logs) agrees on it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META["REMOTE_ADDR"] = client_ip(request)
        return self.get_response(request)
