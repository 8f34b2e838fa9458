# Two commands do all set-up on a fresh machine (README.md):
#   make serve   create .venv, install pinned dependencies, build, serve on 127.0.0.1:8000
#   make test    the same set-up plus system packages, then every test (browser tests too)
PY      ?= python3
VENV    := .venv
VPY     := $(VENV)/bin/python
PORT    ?= 8000

.PHONY: venv system-deps check build serve test golden clean

$(VENV)/.installed: requirements.txt
	$(PY) -m venv $(VENV)
	$(VPY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

venv: $(VENV)/.installed

# Debian packages the tests need: Chromium for browser tests, nginx to serve the built site.
system-deps:
	@if ! command -v chromium >/dev/null || ! command -v nginx >/dev/null; then \
	  echo "installing chromium and nginx (apt-get)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium nginx-light >/dev/null; \
	fi

check: venv
	$(VPY) -m build_scripts check

build: venv
	$(VPY) -m build_scripts build

serve: venv
	$(VPY) -m build_scripts serve --port $(PORT)

test: venv system-deps
	$(VPY) -m pytest -q -n 2 tests

# Regenerate the golden pages of the fixture corpus (tests/fixtures/corpus) after an intended change; review the diff.
golden: venv
	$(VPY) -m tests.golden

clean:
	rm -rf site .build-tmp docs/vi docs/en
