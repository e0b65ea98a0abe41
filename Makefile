# Two commands: `make run` serves the portal; `make test` runs the whole suite.
# Everything else here is what those two need, and is safe to run again.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PORTAL_DATA_DIR ?= $(CURDIR)/var
export PORTAL_DATA_DIR
# The test run's production configuration: the machine's own services.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15

.PHONY: run test setup venv messages lint typecheck browser-deps test-embedded test-embedded-pages test-embedded-rest test-services test-services-answers test-services-rest lock clean

$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

venv: $(VENV)/.installed

# Compiled catalogues are build output; msgfmt comes from gettext.
messages: venv
	@command -v msgfmt >/dev/null || (apt-get update -qq && apt-get install -y -qq gettext >/dev/null)
	$(PY) manage.py compilemessages --ignore=.venv -v 0

setup: venv messages
	$(PY) manage.py migrate --no-input -v 0
	$(PY) manage.py load_demo
	$(PY) manage.py load_appetite

run: setup
	$(PY) manage.py serve --host $(HOST) --port $(PORT)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: venv
	$(VENV)/bin/mypy portal chat knowledge crossborder

# Browser tests need Debian's Chromium and its driver, and a CJK font for screenshots of Chinese pages.
# After `messages`: under `make -j` two apt-get runs at once would fight over dpkg's lock.
browser-deps: | messages
	@(command -v chromedriver && fc-list :lang=zh | grep -q .) >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium chromium-driver fonts-wqy-microhei >/dev/null)

# Pages and fitted-model figures do not depend on the database or channel layer: they run once.
# Pages in the embedded run (Chromium); the figures in the services run (tests/conftest.py keeps
# them there).
# The embedded run is two processes, each with its own data folder (SQLite, embedded Chroma,
# screenshots) and free ports: the pages in Chromium, and everything else. Each half is about
# the same length, and each waits much of its time (on the browser, on the fault tests' worker
# and server processes); as one process the run was the suite's longest part, alone on the
# second core for its last minutes after the services run had ended.
test-embedded: test-embedded-pages test-embedded-rest

test-embedded-pages: venv messages browser-deps
	PORTAL_DATA_DIR=$(CURDIR)/var/test-embedded $(VENV)/bin/pytest -q -p no:cacheprovider --durations=20 -m "browser and not model_figures"

test-embedded-rest: venv messages
	PORTAL_DATA_DIR=$(CURDIR)/var/test-embedded-rest $(VENV)/bin/pytest -q -p no:cacheprovider --durations=20 -m "not browser and not model_figures"

# The services run is two processes too, each with its own test database (TEST_DATABASE_NAME),
# Redis database (a test that clears the cache clears only its own), Chroma server and data
# folder: the chat and knowledge tests, and the rest.
TEST_REDIS_URL_2 ?= redis://127.0.0.1:6379/14
SERVICES = DATABASE_URL=$(TEST_DATABASE_URL) DB_CONN_MAX_AGE=0 PORTAL_TEST_CHROMA_SERVER=1
test-services: test-services-answers test-services-rest

test-services-answers: venv messages
	PORTAL_DATA_DIR=$(CURDIR)/var/test-services $(SERVICES) REDIS_URL=$(TEST_REDIS_URL) \
		$(VENV)/bin/pytest -q -p no:cacheprovider --durations=20 -m "not browser" tests/chat tests/knowledge

test-services-rest: venv messages
	PORTAL_DATA_DIR=$(CURDIR)/var/test-services-rest $(SERVICES) REDIS_URL=$(TEST_REDIS_URL_2) \
		TEST_DATABASE_NAME=test_$(notdir $(TEST_DATABASE_URL))_rest \
		$(VENV)/bin/pytest -q -p no:cacheprovider --durations=20 -m "not browser" --ignore=tests/chat --ignore=tests/knowledge

# The parts side by side: the test runs spend much of their time waiting on browsers, servers and
# worker processes (all on loopback), so even on 2 cores they overlap well. They share nothing:
# each has its own data folder, database (SQLite; PostgreSQL with Redis and a Chroma server) and
# free ports. Each part's output is printed whole when it ends.
test:
	$(MAKE) --no-print-directory --jobs=6 --output-sync=target lint typecheck test-embedded-pages test-embedded-rest \
		test-services-answers test-services-rest

# Re-resolve the direct dependencies in pyproject.toml into the lock (needs the package index).
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet --disable-pip-version-check '.[dev]'
	.venv-lock/bin/pip freeze --exclude-editable | grep -v '^gba-cover-portal' > requirements.lock
	rm -rf .venv-lock

clean:
	rm -rf $(VENV) var
