"""Background tasks of the reports: the PDF a user asked for on a report page."""

from __future__ import annotations

import logging

from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from indicators.models import PerangkatDaerah, Plan

from . import documents, prepared, registry
from .reads import Scope

logger = logging.getLogger(__name__)


@task()
def prepare_pdf(token):
    """Make the PDF of a :class:`~reports.prepared.PreparedPdf` and keep it for its user."""
    prepared.PreparedPdf.cleanup()
    job = prepared.PreparedPdf.load(token)
    if job is None:
        return "gone"
    state = job.state
    job.save(status=prepared.MAKING)
    with translation.override(state.get("language")):
        try:
            plan = Plan.objects.get(pk=state["plan_id"])
            units = list(PerangkatDaerah.objects.filter(pk__in=state["unit_ids"]).order_by("code"))
            scope = Scope(plan=plan, year=state["year"], quarter=state["quarter"], units=units)
            document = documents.build(registry.get(state["form"]), scope)
            job.keep(documents.pdf_bytes(document))
        except Exception:
            logger.exception("report PDF %s failed", token)
            job.save(status=prepared.FAILED, message=_("The PDF could not be made."))
            raise
    return job.state["status"]
