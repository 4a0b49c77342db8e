"""HR: employees, attendance, leave, payroll, performance reviews and recruitment, one module each.

`hr.models.<Model>` keeps working for every model.
"""

from .attendance import Attendance
from .employees import Employee
from .leave import Leave
from .payroll import Payroll
from .recruitment import Candidate, Interview, JobApplication, JobPosting
from .reviews import PerformanceReview

__all__ = [
    "Attendance",
    "Candidate",
    "Employee",
    "Interview",
    "JobApplication",
    "JobPosting",
    "Leave",
    "Payroll",
    "PerformanceReview",
]
