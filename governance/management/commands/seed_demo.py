"""`manage.py seed_demo`: build the demo municipality (idempotent), then print who to sign in as."""

from django.core.management.base import BaseCommand
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.demo import DEMO_PASSWORD, DemoContext, run
from governance.models import Membership, RoleAssignment


def abilities(user, seats: list[Membership], roles: list[RoleAssignment]) -> str:
    """What the person can do, in one line: their seats (convener marked) and municipal roles."""
    parts = []
    if user.is_superuser:
        parts.append(_("superuser"))
    for role in roles:
        parts.append(role.get_role_display())
    for seat in seats:
        label = f"{seat.group.short_name or seat.group.name}: {seat.get_role_display()}"
        if seat.role in (seat.group.convening_role, "chair"):
            label += f" ({_('convener')})"
        parts.append(label)
    return "; ".join(str(p) for p in parts) or _("reads (no seat)")


class Command(BaseCommand):
    help = "Create the demo municipality with people for every role; running it again changes nothing."

    def handle(self, *args, **options):
        # The demo's workflow steps notify people; keep those e-mails out of the console output.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            ctx = run(DemoContext(today=timezone.localdate()))
        for line in ctx.log:
            self.stdout.write(line)
        self.print_users(ctx)

    def print_users(self, ctx: DemoContext) -> None:
        users = list(ctx.users.values())
        today = timezone.localdate()
        seats: dict[int, list] = {}
        for seat in (
            Membership.objects.active(today)
            .filter(user__in=users)
            .select_related("group")
            .order_by("group__tier", "group__name")
        ):
            seats.setdefault(seat.user_id, []).append(seat)
        roles: dict[int, list] = {}
        for role in RoleAssignment.objects.active(today).filter(user__in=users):
            roles.setdefault(role.user_id, []).append(role)
        rows = [
            (u.username, u.get_full_name(), u.title[:40], abilities(u, seats.get(u.pk, []), roles.get(u.pk, [])))
            for u in users
        ]
        headers = (_("username"), _("name"), _("title"), _("can do"))
        widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(3)]

        def line(row):
            return "  ".join(str(cell).ljust(w) for cell, w in zip(row[:3], widths, strict=True)) + "  " + str(row[3])

        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(
                _("Demo users (%(n)s). Password for all: %(password)s") % {"n": len(rows), "password": DEMO_PASSWORD}
            )
        )
        self.stdout.write(line(headers))
        for row in rows:
            self.stdout.write(line(row))
