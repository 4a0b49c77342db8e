"""Logging filters of the project's log configuration (erp/settings.py, LOGGING)."""

import logging


class ClientErrorsOnOneLine(logging.Filter):
    """A 4xx answer (a refused permission, a missing page, a bad request) is logged as its one line.

    Django attaches the exception, and so a full traceback, to the warning it logs for a 403; an
    access-control sweep then fills the log with tens of thousands of lines that say nothing the first
    line does not. Server errors (5xx) keep their traceback.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
