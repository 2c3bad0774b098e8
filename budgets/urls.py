from django.urls import path

from . import views

urlpatterns = [
    path("pendapatan/", views.revenue, name="revenue"),
    path("pendanaan/", views.funding, name="funding"),
    path("pendanaan/kebutuhan/", views.needs, name="needs"),
    path("isu-strategis/", views.strategic_issues, name="strategic_issues"),
    path("tahapan/", views.development_stages, name="development_stages"),
    path("kalender/", views.calendar, name="calendar"),
    path("api/v1/revenue", views.api_revenue, name="api_revenue"),
    path("api/v1/funding", views.api_funding, name="api_funding"),
]
