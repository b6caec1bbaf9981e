"""Seed the default checklist template (DESIGN §10, published as version 1) and the default decision
thresholds, so the procurement model works from the first start. Idempotent (skips what exists)."""

from django.db import migrations


def seed(apps, schema_editor):
    from procurement.defaults import ensure_default_template, ensure_default_thresholds

    ensure_default_thresholds(apps.get_model("procurement", "DecisionThreshold"))
    ensure_default_template(apps.get_model("procurement", "ChecklistTemplate"),
                            apps.get_model("procurement", "ChecklistTemplateItem"))


class Migration(migrations.Migration):
    dependencies = [("procurement", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
