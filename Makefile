# `make demo`: set everything up and serve the demo on http://127.0.0.1:8000 (SQLite, Celery eager).
# `make test`: set up and run the whole test suite.
# `make test-future`: the same with the host clock five years ahead (libfaketime: `apt-get install faketime`);
#   the suite runs on tests/clock.py's TODAY whatever the host clock says, so it passes unchanged.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test test-future bench setup messages compilemessages lint format check-deploy clean

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	touch $(STAMP)

setup: $(STAMP) compilemessages

compilemessages: $(STAMP)
	$(PY) manage.py compilemessages --ignore=.venv -v 0

demo: setup
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver 127.0.0.1:8000

test: setup
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)

test-future: setup
	@command -v faketime >/dev/null || { echo "test-future needs faketime (apt-get install faketime)"; exit 1; }
	faketime -f '+5y' $(PY) -m pytest -n 2 $(PYTEST_ARGS)

# Benchmarks run on PostgreSQL when it answers on 127.0.0.1:5432 (the production database), else SQLite.
bench: setup
	@if [ -z "$$BENCH_DATABASE_URL" ] && pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then \
	  export BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/itg_bench; fi; \
	for f in bench/bench_*.py; do $(PY) $$f || exit 1; done

messages: $(STAMP)
	$(PY) manage.py makemessages -l sv --no-obsolete --no-location -v 0 --ignore=.venv --ignore=tests \
	  --ignore=bench --ignore=staticfiles

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint templates --check
	$(VENV)/bin/djlint templates --lint

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djlint templates --reformat --quiet

check-deploy: setup
	mkdir -p var
	DJANGO_SETTINGS_MODULE=config.settings.production \
	  DJANGO_SECRET_KEY='$(shell $(PY) -c "import secrets;print(secrets.token_urlsafe(64))")' \
	  DJANGO_ALLOWED_HOSTS=it.kommun.example DATABASE_URL=sqlite:///var/check.sqlite3 \
	  CELERY_BROKER_URL=redis://127.0.0.1:6379/0 EMAIL_URL=smtp+tls://localhost:587 \
	  $(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles var
