from django.core.management.base import BaseCommand

from procurement.models import ChecklistTemplate, DecisionThreshold
from procurement.services import template_seed_default


class Command(BaseCommand):
    help = (
        "Create the default procurement checklist template (published as version 1) and the default decision "
        "thresholds if they are missing. Safe to run any number of times."
    )

    def handle(self, *args, **options):
        thresholds_before = DecisionThreshold.objects.count()
        template = template_seed_default()
        created_thresholds = DecisionThreshold.objects.count() - thresholds_before
        if template is not None:
            self.stdout.write(
                f"Created and published checklist template version {template.number} with "
                f"{template.items.count()} items."
            )
        else:
            current = ChecklistTemplate.objects.current()
            self.stdout.write(
                f"Checklist template already present (current version: "
                f"{current.number if current else 'none published'})."
            )
        self.stdout.write(f"Decision thresholds created: {created_thresholds}.")
