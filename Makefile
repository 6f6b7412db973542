# Saduak: `make run` serves the demo, `make test` runs every test. Both set up
# everything first (a virtualenv from the pinned requirements, and for the tests the
# Debian packages Chromium, Thai fonts and gettext).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint check system-deps test-system-deps apt-install messages bench bench-survey bench-survey-stuffing bench-certification bench-letters-send bench-letters-tracking bench-campaigns-tracking bench-oversight

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	rm -f $(VENV)/.installed-* && touch $(STAMP)

# Pango (WeasyPrint's text engine) and the Thai fonts for PDFs; Chromium and gettext
# for the tests. Installed from Debian's packages when missing.
system-deps:
	@$(MAKE) --no-print-directory apt-install CHECK=run

test-system-deps:
	@$(MAKE) --no-print-directory apt-install CHECK=test

apt-install:
	@missing=""; \
	ldconfig -p | grep -q libpango-1.0.so.0 || missing="$$missing libpango-1.0-0"; \
	ldconfig -p | grep -q libpangoft2-1.0.so.0 || missing="$$missing libpangoft2-1.0-0"; \
	fc-list 2>/dev/null | grep -qi laksaman || missing="$$missing fonts-thai-tlwg fontconfig"; \
	if [ "$(CHECK)" = test ]; then \
		command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
		command -v msgfmt >/dev/null 2>&1 || missing="$$missing gettext"; \
	fi; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		sudo=""; [ "$$(id -u)" = 0 ] || sudo="sudo"; \
		$$sudo apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

run: $(STAMP) system-deps
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@# Beside the server: the intake process, which judges and counts citizens' answers
	@# as they arrive, and the background worker (letters, e-mails, exports). Both stop
	@# with the server. The server runs without Django's debug pages, so that the demo
	@# answers a wrong address with the site's own page in Thai (DEBUG=true make run
	@# shows them).
	$(BIN)/python manage.py survey_intake & intake=$$!; \
	$(BIN)/python manage.py work & worker=$$!; \
	trap 'kill $$intake $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=$${DEBUG:-false} $(BIN)/python manage.py serve $(HOST):$(PORT) --skip-checks

test: $(STAMP) test-system-deps
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .

check: lint test

# Refresh the Thai catalogue after changing user-facing strings; translate, then compile.
messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l th --no-location --ignore=.venv --ignore=var \
		--ignore="*/tests/*" --ignore=conftest.py --ignore=bench
	msgattrib --no-obsolete -o locale/th/LC_MESSAGES/django.po locale/th/LC_MESSAGES/django.po
	msgfmt --check -o locale/th/LC_MESSAGES/django.mo locale/th/LC_MESSAGES/django.po

bench: $(STAMP) system-deps
	$(BIN)/python bench/completeness.py

bench-survey: $(STAMP) system-deps
	$(BIN)/python bench/survey.py

bench-survey-stuffing: $(STAMP) system-deps
	$(BIN)/python bench/survey_stuffing.py

bench-certification: $(STAMP) system-deps
	$(BIN)/python bench/certification.py

bench-letters-send: $(STAMP) system-deps
	$(BIN)/python bench/letters_send.py

bench-letters-tracking: $(STAMP) system-deps
	$(BIN)/python bench/letters_tracking.py

bench-campaigns-tracking: $(STAMP) system-deps
	$(BIN)/python bench/campaigns_tracking.py

# The dashboards at national scale, on PostgreSQL (database bench_oversight); BENCH_REUSE=1
# times again a country built before instead of building it anew.
bench-oversight: $(STAMP) system-deps
	$(BIN)/python bench/oversight.py
