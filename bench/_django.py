"""Set up Django for a benchmark: test settings, a fresh database, migrations applied.

The database is a new SQLite file in a temporary folder unless BENCH_DATABASE_URL names another
(e.g. postgres://postgres@127.0.0.1:5432/itg_bench, which is dropped and re-created).
"""

import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup() -> None:
    sys.path.insert(0, str(ROOT))
    url = os.environ.get("BENCH_DATABASE_URL")
    if not url:
        url = f"sqlite:///{tempfile.mkdtemp(prefix='itg-bench-')}/bench.sqlite3"
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    if url.startswith("postgres"):
        import psycopg

        name = settings.DATABASES["default"]["NAME"]
        admin = url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    call_command("migrate", verbosity=0)


def emit(**figure) -> None:
    """Print one JSON line for one figure."""
    print(json.dumps(figure, default=str), flush=True)


def timed(fn, repeat: int = 15) -> float:
    """Median wall time of `fn()` over `repeat` runs, after one warm-up run (templates, query compilation)."""
    import statistics
    import time

    fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)
