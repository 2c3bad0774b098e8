"""The admin's workbook pages (under the indicator admin's address, as before) and the public
doors. Included by the project's URLs; the lower apps never import them."""

from django.urls import path

from . import admin_views, views

admin_urlpatterns = [
    path("upload/", admin_views.guarded(admin_views.upload), name="upload"),
    path("template/", admin_views.guarded(admin_views.template), name="template"),
    path("export/", admin_views.guarded(admin_views.export), name="export"),
    path("realisasi/", admin_views.guarded(admin_views.realization), name="realization"),
    path("<str:token>/", admin_views.guarded(admin_views.status), name="status"),
    path("<str:token>/progress/", admin_views.guarded(admin_views.progress_json), name="progress"),
    path("<str:token>/confirm/", admin_views.guarded(admin_views.confirm), name="confirm"),
    path("<str:token>/adjust/", admin_views.guarded(admin_views.adjust), name="adjust"),
    path("<str:token>/cancel/", admin_views.guarded(admin_views.cancel), name="cancel"),
    path("<str:token>/changes.xlsx", admin_views.guarded(admin_views.changes_xlsx), name="changes"),
]

urlpatterns = [
    path("workbook/<str:kind>.xlsx", views.workbook_download, name="workbook_download"),
    path("realisasi/unggah/", views.realization_upload, name="realization_upload"),
]
