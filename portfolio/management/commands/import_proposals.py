"""`manage.py import_proposals FILE.xlsx --user USERNAME`: proposals and their lines from the import
template into drafts, all or nothing, with every problem listed by sheet, row and column."""

from django.core.management.base import BaseCommand, CommandError

from governance.models import User
from portfolio.proposals.imports import proposals_import, report_lines


class Command(BaseCommand):
    help = "Import proposals with cost and benefit lines from an .xlsx file (see the template on the import page)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to the .xlsx file.")
        parser.add_argument(
            "--user", required=True, help="User name of the author; must be a member of each proposal's ICT group."
        )

    def handle(self, *args, **options):
        try:
            actor = User.objects.get(username=options["user"], is_active=True)
        except User.DoesNotExist:
            raise CommandError(f"No active user called {options['user']!r}.") from None
        try:
            with open(options["file"], "rb") as fh:
                report = proposals_import(file=fh, actor=actor)
        except OSError as exc:
            raise CommandError(f"Cannot read {options['file']}: {exc}") from exc
        if not report.ok:
            for line in report_lines(report):
                self.stderr.write(line)
            raise CommandError(f"{len(report.errors)} problem(s) found; nothing was imported.")
        for proposal in report.proposals:
            self.stdout.write(f"{proposal.reference}  {proposal.title}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {len(report.proposals)} proposal(s) with {report.cost_lines} cost line(s) and "
                f"{report.benefit_lines} benefit line(s) as drafts."
            )
        )
