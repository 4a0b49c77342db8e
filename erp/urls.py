from django.contrib import admin
from django.urls import path
from django.views.generic import RedirectView

from erp.health import healthz

admin.site.site_header = "ERP administration"
admin.site.site_title = "ERP"
admin.site.index_title = "Modules"

urlpatterns = [
    path("admin/", admin.site.urls),
    # Load balancers' probe: Host check, HTTPS redirect and headers as on every page (docs/deploying.md).
    path("healthz", healthz, name="healthz"),
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
]
