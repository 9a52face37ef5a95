"""Storage for files that must never be served directly by the web server:
scans of paper forms and photos of ideas that are not (yet) public. Public
photos are served through a view that checks visibility first."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import LazyObject


class PrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = FileSystemStorage(
            location=str(settings.PRIVATE_MEDIA_ROOT), base_url=None
        )


private_storage = PrivateStorage()


def get_private_storage():
    return private_storage
