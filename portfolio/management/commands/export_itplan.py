"""manage.py export_itplan YEAR --format pdf|xlsx|csv|json --output FILE [--version N] [--follow-up]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from portfolio.itplan import exports
from portfolio.itplan.models import ITPlan, ITPlanVersion
from portfolio.itplan.selectors import itplan_document, itplan_follow_up


class Command(BaseCommand):
    help = "Export the IT plan of a plan year (the current version unless --version is given)."

    def create_parser(self, prog_name, subcommand, **kwargs):
        kwargs["conflict_handler"] = "resolve"  # our --version is the plan's version, not the program's
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("--format", dest="fmt", choices=sorted(exports.FORMATS), default="pdf")
        parser.add_argument("--output", required=True, help="File to write ('-' for standard output).")
        parser.add_argument("--version", dest="number", type=int, default=None)
        parser.add_argument("--follow-up", action="store_true", help="The follow-up pack (PDF) instead.")

    def handle(self, *args, year: int, fmt: str, output: str, number: int | None, follow_up: bool, **options):
        plan = ITPlan.objects.select_related("cycle").filter(cycle__plan_year=year).first()
        if plan is None:
            raise CommandError(_("There is no IT plan for %(year)s.") % {"year": year})
        number = plan.current_number if number is None else number
        version = (
            ITPlanVersion.objects.select_related("plan__cycle", "approval_decision__meeting")
            .filter(plan=plan, number=number)
            .first()
        )
        if version is None:
            existing = ", ".join(str(n) for n in plan.versions.order_by("number").values_list("number", flat=True))
            raise CommandError(
                _("The IT plan %(year)s has no version %(n)s (versions: %(existing)s).")
                % {"year": year, "n": number, "existing": existing or "–"}
            )
        document = itplan_document(version)
        if follow_up:
            data = exports.pdf_bytes(document, follow_up=itplan_follow_up(version))
        else:
            data = exports.render(document, fmt)
        if output == "-":
            self.stdout.buffer.write(data) if hasattr(self.stdout, "buffer") else self.stdout.write(data.decode())
        else:
            Path(output).write_bytes(data)
            self.stdout.write(_("Wrote %(file)s (%(size)s bytes).") % {"file": output, "size": len(data)})
