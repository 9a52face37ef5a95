"""Rows built once per test module (the slow worlds of the security tests)."""

import copy
from contextlib import contextmanager


@contextmanager
def rows_for_the_module(django_db_blocker, private_root):
    """Rows (and private files) built once and shared by the tests of one
    module: the build runs in a transaction that stays open until the module
    ends and is then rolled back. Each test still runs in its own savepoint
    (pytest-django's ``db``), so what one test changes never reaches the
    next. Use it only in a module whose every database test takes the shared
    rows (a test that builds its own rows would see them too) and none is
    transactional."""
    from django.db import transaction
    from django.test import override_settings
    from django.utils.functional import empty

    from proposals.storage import private_storage

    with override_settings(PRIVATE_MEDIA_ROOT=private_root):
        private_storage._wrapped = empty
        with django_db_blocker.unblock():
            atomic = transaction.atomic()
            atomic.__enter__()
        try:
            yield
        finally:
            with django_db_blocker.unblock():
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)
            private_storage._wrapped = empty


def shared_copy(rows):
    """A test's own copy of the module's objects: a test may change or delete
    them (an account deleted sets its ``pk`` to None) without the next test
    seeing it."""
    return copy.deepcopy(rows)
