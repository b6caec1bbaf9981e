"""A real Celery worker on the local Redis broker, for tests that check what production runs.

The worker runs in a thread of this process (celery.contrib.testing.worker.start_worker) and talks to the
database through its own connection, so tests using it commit their data (`transactional_db`). On SQLite
the test database is a shared-cache in-memory database, which every thread's connection sees. Tests are
skipped, with the reason, where Redis does not answer.
"""

import os
import uuid

import pytest

from config.celery import app as celery_app

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/13")


def redis_answers(url: str) -> str | None:
    """None if Redis answers PING at `url`, else why not."""
    try:
        import redis
    except ImportError:  # pragma: no cover - redis is in requirements.txt
        return "the redis client package is not installed"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping()
    except Exception as exc:  # noqa: BLE001 - any failure means: no broker here
        return f"{exc.__class__.__name__}: {exc}"
    return None


@pytest.fixture
def redis_worker_app(monkeypatch):
    """The project's Celery app pointed at the local Redis, not eager, with a worker thread running."""
    reason = redis_answers(REDIS_URL)
    if reason:
        pytest.skip(f"Redis does not answer at {REDIS_URL} ({reason}); this test needs a real broker")
    from celery.contrib.testing.worker import start_worker

    monkeypatch.setenv("CELERY_SKIP_CHECKS", "1")  # the suite runs the system checks already
    keys = ("broker_url", "result_backend", "task_always_eager", "worker_hijack_root_logger", "task_default_queue")
    saved = {key: celery_app.conf[key] for key in keys}
    # a queue of its own, so parallel test runs on the same Redis never take each other's tasks
    queue = f"test-{uuid.uuid4().hex}"
    celery_app.conf.update(
        broker_url=REDIS_URL,
        result_backend=REDIS_URL,
        task_always_eager=False,
        worker_hijack_root_logger=False,
        task_default_queue=queue,
    )
    _forget_connections()
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
            yield celery_app
    finally:
        _forget_connections()
        celery_app.conf.update(saved)
        import redis

        client = redis.Redis.from_url(REDIS_URL)
        for key in client.scan_iter(f"*{queue}*"):
            client.delete(key)


def _forget_connections() -> None:
    """Drop cached broker pools and result backends so the next use follows the current configuration."""
    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
        celery_app._pool = None
    celery_app._local.__dict__.pop("backend", None)
    celery_app.__dict__.pop("amqp", None)
    from kombu import pools

    pools.reset()  # kombu's process-wide producer/connection pools would hand out the closed connections
