from django.urls import path

from . import views

urlpatterns = [
    path("laporan/", views.report_list, name="report_list"),
    path("laporan/pdf/<str:token>/", views.prepared_pdf, name="prepared_pdf"),
    path("laporan/pdf/<str:token>/berkas/", views.prepared_pdf_file, name="prepared_pdf_file"),
    path("laporan/<slug:code>/", views.report, name="report"),
    path("laporan/<slug:code>/pdf/", views.report_pdf, name="report_pdf"),
]
