# `make run`: set up everything and serve the demo. `make test`: lint and the test suite.
# Under CI=true the suite runs on PostgreSQL and the Celery tests on Redis with a real worker.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

ifeq ($(CI),true)
export DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test
export RELAUDIT_TEST_BROKER_URL ?= redis://127.0.0.1:6379/15
export RELAUDIT_REQUIRE_SERVICES := true
endif

.PHONY: setup assets run test lint format bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e ".[dev]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/build/relaudit.css: node_modules/.installed $(wildcard static/scss/*.scss)
	npm run --silent build

assets: static/build/relaudit.css

setup: $(VENV)/.installed assets

run: export SITE_ROOT ?= http://$(HOST):$(PORT)
run: export DEBUG := true
run: setup
	@bash .ci/system-packages || true
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl-C to stop)"
	@# Celery tasks run in-process here; this loop is the beat that closes surveys as they fall due.
	$(BIN)/python manage.py close_due_surveys --every 60 & beat=$$!; \
	trap 'kill $$beat 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	@# Files a reader takes in at one sitting: split any that grow past 400 lines.
	@long=$$(git ls-files '*.py' ':!:*/migrations/*' | xargs wc -l | awk '$$2 != "total" && $$1 > 400'); \
	if [ -n "$$long" ]; then echo "Over 400 lines, split where a reader would:"; echo "$$long"; exit 1; fi

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: lint
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

bench: setup
	$(BIN)/python bench/close_at_scale.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules static/build staticfiles relaudit.sqlite3
