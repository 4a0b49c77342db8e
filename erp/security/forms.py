"""The admin login form, which also checks the password it was given against today's password policy."""

from django.contrib.admin.forms import AdminAuthenticationForm

from erp.security.passwords import failing_rules


class PolicyCheckingLoginForm(AdminAuthenticationForm):
    """Django's admin login form. A password that logs in but no longer passes the policy (set before the
    policy was tightened, or imported from a legacy database) is remembered on the user for this login;
    erp/security/middleware.py then asks for a new one before anything else."""

    def clean(self):
        cleaned = super().clean()
        user = self.get_user()
        if user is not None:
            user.erp_password_failing = failing_rules(cleaned.get("password") or "", user)
        return cleaned
