"""The conformance shim: installed into Django's own test run (see tests/conformance/run.py).

It brings the project's apps into the run and provides the `migrate` command under test: the ERP's
(`ERP_CONFORMANCE_COMMAND=erp`) or Django's stock one (`django`), so both run in the same environment.
"""
