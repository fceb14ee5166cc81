# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
export FLASK_APP := entraide

.PHONY: run test install install-test browser system-deps pdf-deps lint clean

$(BIN)/python:
	$(PYTHON) scripts/bootstrap_venv.py $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Installs from the pinned constraints file, so every machine gets the same versions.
install: $(BIN)/python
	$(BIN)/pip install --quiet -c constraints.txt -e .

# The test extra and the dev one (ruff, bandit, import-linter: the static checks).
install-test: $(BIN)/python
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test,dev]'

# The outbox worker runs beside the site: without MAIL_SERVER it writes the mails (reset
# links included) to this terminal. Ctrl+C stops both.
run: export BASE_URL ?= http://$(HOST):$(PORT)
run: install pdf-deps
	$(BIN)/flask db upgrade
	$(BIN)/flask demo --if-empty
	@echo
	@echo "Entraide est lancé sur http://$(HOST):$(PORT)/  (Ctrl+C pour arrêter)"
	@$(BIN)/flask outbox worker & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/flask run --host $(HOST) --port $(PORT)

# Chromium for the browser tests comes from Debian's packages (as root, or with sudo).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  elif command -v sudo >/dev/null 2>&1; then sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Chromium manque : installez le paquet Debian « chromium »."; exit 1; fi; }

# WeasyPrint (the report's PDF) needs Pango and a font, from Debian's packages.
SYSTEM_DEPS := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
system-deps:
	@dpkg -s $(SYSTEM_DEPS) >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_DEPS) >/dev/null; \
	  elif command -v sudo >/dev/null 2>&1; then sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_DEPS) >/dev/null; \
	  else echo "Paquets manquants pour les PDF : installez $(SYSTEM_DEPS)."; exit 1; fi; }

# `make run` installs the PDF's system packages when it can (root or sudo), and otherwise
# says in French what to install: the application starts without them, only the PDF fails.
pdf-deps:
	@dpkg -s $(SYSTEM_DEPS) >/dev/null 2>&1 || $(MAKE) --no-print-directory system-deps || \
	  echo "Attention : le bilan PDF a besoin des paquets Debian $(SYSTEM_DEPS) (sudo apt-get install $(SYSTEM_DEPS)). L'application démarre sans eux."

# Static checks: ruff (with its bandit-derived S rules) on everything, bandit on what ships,
# import-linter's architecture contracts (.importlinter) on the package.
STATIC_CHECKS = $(BIN)/ruff check entraide tests benchmarks scripts && \
	$(BIN)/bandit --quiet --configfile pyproject.toml --recursive entraide scripts wsgi.py && \
	$(BIN)/lint-imports --no-cache

test: install-test browser system-deps
	$(STATIC_CHECKS)
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install-test
	$(STATIC_CHECKS)

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts
