"""Data made once for all tests of a module (the demo-seed tests), and undone after them."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction


@contextmanager
def rolled_back_for_module(django_db_blocker) -> Iterator[None]:
    """Database access for a module-scoped fixture, in a transaction rolled back after the module's tests.

    Each test's own transaction (pytest-django's `db`) is a savepoint inside this one, so what a test
    changes is undone after that test, and what the fixture made is undone after the module's last test:
    nothing is left for the next module or the next run. Use it in a module-scoped fixture that also asks
    for `django_db_setup`::

        @pytest.fixture(scope="module")
        def world(django_db_setup, django_db_blocker):
            with rolled_back_for_module(django_db_blocker):
                yield build()

    Tests of the module that need an empty database belong in another module.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        try:
            yield
        finally:
            transaction.set_rollback(True)
