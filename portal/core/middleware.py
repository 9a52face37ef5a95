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


def content_security_policy(path, *, frame_ancestors=None):
    """The Content-Security-Policy header value for a request path.

    ``CSP_DIRECTIVES`` is the policy of every page; ``CSP_PATH_EXTRAS`` adds
    sources to some directives under a path prefix (the Wagtail admin's
    documented exceptions). ``frame_ancestors`` replaces that directive (a
    view that allows same-origin framing, as Wagtail's preview does).
    """
    directives = {
        name: list(sources) for name, sources in settings.CSP_DIRECTIVES.items()
    }
    for prefix, extras in getattr(settings, "CSP_PATH_EXTRAS", {}).items():
        if path.startswith(prefix):
            for name, sources in extras.items():
                current = directives.setdefault(name, [])
                current.extend(s for s in sources if s not in current)
    if frame_ancestors is not None:
        directives["frame-ancestors"] = [frame_ancestors]
    return "; ".join(
        " ".join([name, *sources]) if sources else name
        for name, sources in directives.items()
    )


class ContentSecurityPolicyMiddleware:
    """Send a Content-Security-Policy (and a Permissions-Policy) on every
    response: scripts and styles only from the portal's own files, nothing
    from another site, no plugins, no framing.

    A response that already carries a policy keeps it. A response a view
    allows to be framed by the same origin (``X-Frame-Options: SAMEORIGIN``,
    set by Wagtail's preview) gets ``frame-ancestors 'self'`` to match.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        header = (
            "Content-Security-Policy-Report-Only"
            if getattr(settings, "CSP_REPORT_ONLY", False)
            else "Content-Security-Policy"
        )
        if header not in response:
            same_origin_frame = (
                response.get("X-Frame-Options", "").upper() == "SAMEORIGIN"
            )
            response[header] = content_security_policy(
                request.path, frame_ancestors="'self'" if same_origin_frame else None
            )
        permissions = getattr(settings, "PERMISSIONS_POLICY", "")
        if permissions and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = permissions
        return response
