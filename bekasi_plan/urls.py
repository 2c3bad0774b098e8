from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from indicators import (
    audit,
    completeness_views,
    open_data_views,
    operator_views,
    verification,
    views,
)
from workbooks import urls as workbook_urls

admin.site.site_header = _("RPJMD achievement tracker")
admin.site.site_title = _("RPJMD achievement tracker")
admin.site.index_title = _("Plan administration")
# The list of indicators needs the width more than a second menu.
admin.site.enable_nav_sidebar = False

# Codes are ``path`` segments: a code stored before the code rule (core.codes) with a "/" in it
# still reverses and resolves, instead of taking every page that links to it down.
urlpatterns = [
    path("", views.dashboard, name="home"),
    path("perangkat-daerah/<path:code>/", views.perangkat_daerah, name="perangkat_daerah"),
    path("indikator/<path:code>/", views.indicator, name="indicator"),
    path("api/v1/achievement", views.api_achievement, name="api_achievement"),
    path("data/", open_data_views.data_index, name="open_data"),
    path(
        "data/<str:plan>/<int:year>/indikator.<str:extension>",
        open_data_views.data_file,
        name="open_data_file",
    ),
    path("realisasi/", operator_views.realization_list, name="realization_list"),
    path(
        "realisasi/ajukan-semua/",
        operator_views.realization_submit_upload,
        name="realization_submit_upload",
    ),
    *workbook_urls.urlpatterns,
    # Before the year's form: a code is a path, so that one would take these addresses too.
    path(
        "realisasi/<path:code>/<int:year>/triwulan/<int:quarter>/",
        operator_views.quarter_edit,
        name="quarter_edit",
    ),
    path(
        "realisasi/<path:code>/<int:year>/pakai-triwulan/",
        operator_views.use_quarters,
        name="use_quarters",
    ),
    path(
        "realisasi/<path:code>/<int:year>/",
        operator_views.realization_edit,
        name="realization_edit",
    ),
    path("bukti/<int:pk>/", operator_views.evidence, name="evidence"),
    path("audit/", audit.audit_list, name="audit"),
    path("kelengkapan/", completeness_views.completeness_page, name="completeness"),
    path("verifikasi/", verification.verification_list, name="verification"),
    path("verifikasi/tindakan/", verification.verification_act, name="verification_act"),
    path("verifikasi/kunci/", verification.year_lock, name="year_lock"),
    path("verifikasi/buka/", verification.year_unlock, name="year_unlock"),
    path("masuk/", auth_views.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("favicon.ico", lambda request: redirect(static("favicon.svg"), permanent=True)),
    path("", include("budgets.urls")),
    path("", include("reports.urls")),
    # The workbook pages keep their address under the indicator admin.
    path(
        "admin/indicators/indicator/workbook/",
        include((workbook_urls.admin_urlpatterns, "workbooks")),
    ),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
