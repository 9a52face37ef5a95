"""Query parameters renamed to the glossary's words (docs/development.md,
"Glossary") keep working: a link printed on a poster, shared on WhatsApp or
bookmarked before the rename is answered with a permanent redirect to the
same page asked the new way."""

from urllib.parse import urlencode

from django.http import HttpResponsePermanentRedirect


def legacy_query_redirect(request, names, values=None):
    """A permanent redirect to ``request``'s page with the old parameter
    names of ``names`` ({old: new}) and the old values of ``values``
    ({new name: {old value: new value}}) written the new way; None when the
    query uses neither, and for anything but GET and HEAD (a form posted to
    an old address keeps its data). A new name given beside its old one
    wins."""
    if request.method not in ("GET", "HEAD"):
        return None
    values = values or {}
    params = request.GET
    pairs = []
    changed = False
    for key in params:
        new_key = names.get(key, key)
        if new_key != key and new_key in params:
            changed = True
            continue
        for value in params.getlist(key):
            new_value = values.get(new_key, {}).get(value, value)
            changed |= (new_key, new_value) != (key, value)
            pairs.append((new_key, new_value))
    if not changed:
        return None
    query = urlencode(pairs)
    return HttpResponsePermanentRedirect(request.path + (f"?{query}" if query else ""))
