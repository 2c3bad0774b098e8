"""``/data/``: the open-data downloads (:mod:`indicators.open_data`) of every plan year.

Readable by everyone with the public dashboard on; otherwise by those who read every unit
(planners and officials): the files hold every perangkat daerah's values.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.pages import dashboard_page

from . import open_data, read_cache, roles
from .models import Plan
from .queries import ACTIVE_FIRST


@dashboard_page(roles.READ_EVERY_UNIT)
def data_index(request):
    plans = list(Plan.objects.order_by(*ACTIVE_FIRST))
    context = {
        "plans": [(plan, list(plan.years)) for plan in plans],
        "formats": open_data.FORMATS,
        "licence": open_data.OpenDataSet(plan=None, year=None, rows=[]).licence,
    }
    return render(request, "indicators/open_data.html", context)


@dashboard_page(roles.READ_EVERY_UNIT)
def data_file(request, plan, year, extension):
    found = Plan.objects.filter(code=plan).first()
    if found is None or year not in found.years or extension not in open_data.WRITERS:
        raise Http404(_("No such open-data file."))

    def build():
        return open_data.WRITERS[extension](open_data.open_data(found, year))

    body = read_cache.remember(found, "open-data", (year, extension), build)
    response = HttpResponse(body, content_type=open_data.CONTENT_TYPES[extension])
    name = open_data.OpenDataSet(plan=found, year=year, rows=[]).filename(extension)
    disposition = "inline" if extension == "json" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    return response
