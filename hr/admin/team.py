"""The manager role: a manager sees and decides the leave and attendance of their own team only.

A user in the "Managers" group (hr.0011_managers_group: view and change of leave and attendance, nothing
of employees' records, payroll or salaries) who is neither a superuser nor in the HR group sees the rows
of the employees whose manager is the employee linked to their account (Employee.user); with no linked
employee, none. HR and superusers see everyone. The scope narrows the lists, the record pages, the
actions and step buttons (they run on the admin's queryset) and the landing page's counts.
"""

from django.db.models import QuerySet

MANAGERS_GROUP = "Managers"
HR_GROUP = "HR"


def team_only(user) -> bool:
    """Whether the user's access to leave and attendance is their team's only."""
    if not getattr(user, "is_authenticated", False) or user.is_superuser:
        return False
    names = set(user.groups.values_list("name", flat=True))
    return MANAGERS_GROUP in names and HR_GROUP not in names


class TeamScopeMixin:
    """For the admin of a model with an `employee` foreign key: a manager's rows are their team's."""

    def scope_rows(self, request, queryset: QuerySet) -> QuerySet:
        queryset = super().scope_rows(request, queryset)
        if team_only(request.user):
            return queryset.filter(employee__manager__user=request.user)
        return queryset

    def has_add_permission(self, request):
        # A manager decides their team's requests and corrects their days; HR records them.
        return not team_only(request.user) and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return not team_only(request.user) and super().has_delete_permission(request, obj)
