# Two commands do all set-up on a fresh machine with only Python >= 3.11: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format messages bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

run: $(VENV)/.installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py seed_followup_demo
	$(BIN)/python manage.py demo_logins
	$(BIN)/python manage.py run_periodic --loop & \
	  trap "kill $$! 2>/dev/null" EXIT INT TERM; \
	  $(BIN)/python manage.py runserver $(HOST):$(PORT)

# One worker per core, a test file per worker at a time (its module fixtures built once);
# `make test PYTEST_ARGS="-n0 tests/web"` runs in one process.
test: $(VENV)/.installed
	$(BIN)/python -m pytest -n auto --dist loadfile $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: $(VENV)/.installed
	$(BIN)/python manage.py makemessages -l zh_Hans --ignore=.venv --no-obsolete
	$(BIN)/python manage.py compilemessages -l zh_Hans --ignore=.venv

# The scale benchmark (PostgreSQL only): generates BENCH_N suggestions into DATABASE_URL (default:
# the local database bench_suggestions, created if missing; it is wiped) and measures.
BENCH_N ?= 100000
BENCH_URL ?= postgres://postgres@127.0.0.1:5432/bench_suggestions
bench: $(VENV)/.installed
	export DATABASE_URL="$${DATABASE_URL:-$(BENCH_URL)}" DEBUG=false \
	  CACHE_URL="$$($(BIN)/python -m bench.cache_url)"; \
	  echo "cache: $$CACHE_URL"; \
	  $(BIN)/python -m bench.createdb && \
	  $(BIN)/python manage.py migrate --noinput -v0 && \
	  $(BIN)/python manage.py bench --n $(BENCH_N) --json bench-$(BENCH_N).json $(BENCH_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 var test-artifacts
