"""The suite's one date. Every test runs on TODAY, whatever the host clock says.

`tests/conftest.py` puts the whole run on NOW (TODAY 10:00 in Stockholm) with time-machine: from the start
of the session (collection, migrations, module-wide fixtures), and again at the start of every test, so each
test begins at the same instant. The clock ticks (time passes as it really does, so records made one
after the other keep their order); tests that need another day travel there themselves
(`time_machine.travel(...)` inside the suite's travel wins until it ends). Factories and fixtures take
their dates from TODAY, never from the host clock.

Why Wednesday 18 November 2026: it fits the data the tests and the demo write down. The factories' default
budget cycle is TODAY.year + 1 = 2027, the plan year the maintenance-plan factory and many tests use; in
November 2026 that cycle is where the demo puts it (locked on 31 October, its IT plan proposed, next year's
backlog being prioritised). The demo's projects, started in February and March, have their status reports
and October's invoices, and its completed project (planned end 31 October) is done, so a second seed finds
all of it and changes nothing (before April it would not: the projects' first reports fall later). Memberships and
municipal roles start a year before TODAY (18 November 2025) and stay open, so the people of `people` hold
their seats on every day a test travels to (2026-03-01 to 2030). The suite was written and passed in
November and December 2026.

`make test-future` runs the suite with the host clock five years ahead (libfaketime) to show that nothing
reads the host clock.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine

STOCKHOLM = ZoneInfo("Europe/Stockholm")

TODAY = dt.date(2026, 11, 18)
NOW = dt.datetime.combine(TODAY, dt.time(10, 0), tzinfo=STOCKHOLM)

#: When the factories' memberships and role assignments start.
SEATS_FROM = TODAY - dt.timedelta(days=365)


def suite_clock() -> time_machine.travel:
    """The suite's travel to NOW, ticking."""
    return time_machine.travel(NOW, tick=True)
