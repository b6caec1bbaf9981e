"""`governance.demo.run`: governance first, then each app's seeder in order, on an empty database (the
demo world of test_seed_demo.py is seeded once for that module, so this test lives here)."""

import importlib.machinery
import sys
import types

import pytest

from governance import demo

from ..clock import TODAY
from .test_seed_demo import GROUP_KEYS

pytestmark = pytest.mark.django_db


def test_runner_calls_app_seeders_in_order_and_skips_apps_without_one(monkeypatch):
    calls = []
    fake = types.ModuleType("demo_fake_app")
    fake.__path__ = []
    fake.__spec__ = importlib.machinery.ModuleSpec("demo_fake_app", None, is_package=True)
    fake_demo = types.ModuleType("demo_fake_app.demo")
    fake_demo.__spec__ = importlib.machinery.ModuleSpec("demo_fake_app.demo", None)
    fake_demo.seed = lambda ctx: calls.append(("fake", sorted(ctx.groups)))
    monkeypatch.setitem(sys.modules, "demo_fake_app", fake)
    monkeypatch.setitem(sys.modules, "demo_fake_app.demo", fake_demo)
    monkeypatch.setattr(demo, "SEED_ORDER", ("governance", "tests", "demo_fake_app"))  # `tests` has no demo.py
    ctx = demo.run(demo.DemoContext(today=TODAY))
    assert calls == [("fake", sorted(GROUP_KEYS))]  # governance ran first, so the groups were there
    assert ctx.log[0].startswith("governance: created")
