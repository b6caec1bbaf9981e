"""Background work of the IT plan: building a large document while the page shows progress.

Registered with Celery by the import in `portfolio/tasks.py`, which autodiscovery loads.
"""

from celery import shared_task
from django.core.files.base import ContentFile
from django.utils import timezone

from portfolio.itplan import exports
from portfolio.itplan.models import ITPlanExport, ITPlanVersion
from portfolio.itplan.selectors import itplan_document, itplan_follow_up


def export_build(*, export: ITPlanExport) -> ITPlanExport:
    """Build the document of `export` and store it; progress is saved as it goes. Idempotent: a finished
    export is left as it is."""
    if export.status == ITPlanExport.Status.DONE:
        return export
    ITPlanExport.objects.filter(pk=export.pk).update(status=ITPlanExport.Status.RUNNING, progress=5)

    def progress(percent: int) -> None:
        ITPlanExport.objects.filter(pk=export.pk).update(progress=min(percent, 99))

    try:
        version = ITPlanVersion.objects.select_related("plan__cycle", "approval_decision__meeting").get(
            pk=export.version_id
        )
        document = itplan_document(version)
        progress(10)
        if export.document == "followup":
            data = exports.pdf_bytes(document, progress=progress, follow_up=itplan_follow_up(version))
            name = exports.filename(document, "pdf", kind="itplan-follow-up")
        else:
            data = exports.render(document, export.document, progress=progress)
            name = exports.filename(document, export.document)
        export.file.save(name, ContentFile(data), save=False)
        export.status, export.progress, export.finished_at = ITPlanExport.Status.DONE, 100, timezone.now()
        export.save(update_fields=["file", "status", "progress", "finished_at"])
    except Exception as exc:  # shown on the page; the worker log has the traceback
        ITPlanExport.objects.filter(pk=export.pk).update(
            status=ITPlanExport.Status.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        raise
    return export


@shared_task(name="portfolio.itplan.build_export")
def build_itplan_export(export_id: int) -> None:
    export = ITPlanExport.objects.filter(pk=export_id).first()
    if export is not None:
        export_build(export=export)
