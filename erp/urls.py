from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from erp.admin import adoption_review_view
from erp.health import healthz
from erp.security import two_factor
from erp.security.forms import PolicyCheckingLoginForm

admin.site.site_header = "ERP administration"
admin.site.site_title = "ERP"
admin.site.index_title = "Modules"
# Also checks the password given against today's policy (erp/security/forms.py).
admin.site.login_form = PolicyCheckingLoginForm

urlpatterns = [
    # Second-factor enrolment and login (erp/security/two_factor.py), next to the admin they guard.
    path("admin/two-factor/", two_factor.manage, name="erp_two_factor_manage"),
    path("admin/two-factor/verify/", two_factor.verify, name="erp_two_factor_verify"),
    path("admin/two-factor/setup/", two_factor.setup, name="erp_two_factor_setup"),
    path("admin/erp/adoption-review/", admin.site.admin_view(adoption_review_view), name="adoption_review"),
    # The gate screen for phones (erp/admin_toolkit/phone_screen.py): people and gate passes, guests.
    path("admin/gate-screen/", include("gate.screens")),
    path("admin/gate-screen/guests/", include("guestlist.screens")),
    path("admin/", admin.site.urls),
    # Load balancers' probe: Host check, HTTPS redirect and headers as on every page (docs/deploying.md).
    path("healthz", healthz, name="healthz"),
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
]
