from django.contrib import admin
from django.urls import path

admin.site.site_header = "ERP administration"
admin.site.site_title = "ERP"
admin.site.index_title = "Modules"

urlpatterns = [
    path("admin/", admin.site.urls),
]
