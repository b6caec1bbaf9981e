from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from maintenance_plans.imports import systems_import


class Command(BaseCommand):
    help = "Import the system register from an .xlsx file (all rows or none; re-import updates)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        with file.open("rb") as fh:
            report = systems_import(file=fh)
        if not report.ok:
            lines = [f"row {e.row or '-'}, column {e.column or '-'}: {e.message}" for e in report.errors]
            raise CommandError("Nothing was imported:\n" + "\n".join(lines))
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {report.created} new systems, updated {report.updated}, {report.unchanged} unchanged."
            )
        )
