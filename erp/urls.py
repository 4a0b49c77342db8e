from django.contrib import admin
from django.urls import path
from django.views.generic import RedirectView

admin.site.site_header = "ERP administration"
admin.site.site_title = "ERP"
admin.site.index_title = "Modules"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
]
