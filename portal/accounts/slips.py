"""The printed account slips: the portal's sign-in address and its QR code.

The QR code is made here on the server by ``segno`` (pure Python, no third
party sees the address or the child) and embedded as a ``data:`` SVG image,
which the Content-Security-Policy's ``img-src 'self' data:`` allows: no
inline script or style is involved.
"""

from functools import lru_cache

import segno
from django.urls import reverse

SCALE, BORDER = 4, 2


@lru_cache(maxsize=8)
def qr_code(address):
    """An SVG QR code of ``address`` as a ``data:`` URI and its size in
    pixels (the same for every slip of a page, so made once)."""
    qr = segno.make(address, error="m", micro=False)
    uri = qr.svg_data_uri(scale=SCALE, border=BORDER, dark="#000", light="#fff")
    return uri, qr.symbol_size(scale=SCALE, border=BORDER)[0]


def slip_context(request):
    """What every slip shows besides the account: where to sign in."""
    address = request.build_absolute_uri(reverse("account_login"))
    uri, size = qr_code(address)
    return {"portal_address": address, "portal_qr": uri, "portal_qr_size": size}
