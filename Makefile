# The two commands a newcomer needs: `make run` and `make test` (see README).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
# Re-install when a requirements file changes.
REQ_STAMP     := $(VENV)/.req-$(shell cat requirements.txt | cksum | cut -d' ' -f1)
DEV_REQ_STAMP := $(VENV)/.dev-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)

.PHONY: run test test-fast test-django-next lint install install-dev system-deps clean-venv

run: install
	@scripts/create-dev-env.sh
	@$(PY) manage.py migrate
	@echo "Serving on http://127.0.0.1:8000/admin/  (Ctrl-C stops)"
	@$(PY) manage.py runserver 127.0.0.1:8000

test: install-dev
	@scripts/run-tests.sh

# The quick loop while working: everything but the tests marked slow (CI runs them all, `make test`).
test-fast: install-dev
	@scripts/run-tests.sh -m "not slow"

# The same suite on the newest Django release and Python 3.12 (requirements-django-next.txt); CI runs it.
test-django-next:
	@scripts/ensure-system-packages.sh --tests
	@scripts/test-django-next.sh

# Lint and import order (ruff, settings in ruff.toml), then the layering contracts (.importlinter).
lint: install-dev
	@$(VENV)/bin/ruff check .
	@PYTHONPATH=. $(VENV)/bin/lint-imports

install: $(REQ_STAMP)
install-dev: $(DEV_REQ_STAMP)

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(REQ_STAMP): requirements.txt | $(PY)
	@scripts/ensure-system-packages.sh
	$(PY) -m pip install -q -r requirements.txt
	@touch $@

$(DEV_REQ_STAMP): requirements.txt requirements-dev.txt | $(PY)
	@scripts/ensure-system-packages.sh --tests
	$(PY) -m pip install -q -r requirements-dev.txt
	@touch $@ $(REQ_STAMP)

system-deps:
	@scripts/ensure-system-packages.sh

clean-venv:
	rm -rf $(VENV)
