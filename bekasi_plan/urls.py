from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import views

admin.site.site_header = _("RPJMD achievement tracker")
admin.site.site_title = _("RPJMD achievement tracker")
admin.site.index_title = _("Plan administration")
# The list of indicators needs the width more than a second menu.
admin.site.enable_nav_sidebar = False

urlpatterns = [
    path("", views.home, name="home"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
