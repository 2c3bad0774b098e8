from django.urls import path

from . import views

urlpatterns = [
    path("laporan/", views.report_list, name="report_list"),
    path("laporan/<slug:code>/", views.report, name="report"),
]
