# Two commands do all set-up on a fresh machine (README.md):
#   make serve   create .venv, install pinned dependencies, build, serve on 127.0.0.1:8000
#   make test    the same set-up plus system packages, then every test (browser tests too)
#   make publish PUBLISH_TO=DIR   (CI, on main) build, check and switch the web server to a new release
PY      ?= python3
VENV    := .venv
VPY     := $(VENV)/bin/python
PORT    ?= 8000

.PHONY: venv system-deps check build serve test golden clean publish node bench

# Test-only JavaScript (axe-core for the accessibility check), pinned in package-lock.json.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

node: node_modules/.installed

$(VENV)/.installed: requirements.txt
	$(PY) -m venv $(VENV)
	$(VPY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

venv: $(VENV)/.installed

# Debian packages the tests need: Chromium for browser tests, nginx to serve the built site,
# rsync for publishing, npm for the test-only axe-core (when the machine has no Node.js).
system-deps:
	@if ! command -v chromium >/dev/null || ! command -v nginx >/dev/null || ! command -v rsync >/dev/null || ! command -v npm >/dev/null; then \
	  echo "installing chromium, nginx, rsync and npm (apt-get)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium nginx-light rsync \
	    $$(command -v npm >/dev/null || echo nodejs npm) >/dev/null; \
	fi

check: venv
	$(VPY) -m build_scripts check

build: venv
	$(VPY) -m build_scripts build

serve: venv
	$(VPY) -m build_scripts serve --port $(PORT)

test: venv system-deps node
	$(VPY) -m pytest -q -n 2 --dist loadgroup tests

# Build, check and publish a release (README.md, "Publishing"): PUBLISH_TO is DIR or user@host:DIR;
# over ssh, PUBLISH_SSH is the ssh command with the CI's key (never in the repository).
KEEP ?= 5
publish: venv
	@test -n "$(PUBLISH_TO)" || { echo "error: PUBLISH_TO is not set: the release folder, DIR or user@host:DIR (README.md, Publishing)" >&2; exit 2; }
	$(VPY) -m build_scripts publish --to "$(PUBLISH_TO)" --keep $(KEEP)

# Regenerate the golden pages of the fixture corpus (tests/fixtures/corpus) after an intended change; review the diff.
golden: venv
	$(VPY) -m tests.golden

# The build at scale (README.md, "At scale"): synthetic archives of DOCS documents, built and
# measured; prints figures, never fails on them. About 30 minutes for 10,100,1000 on 2 cores.
DOCS ?= 10,100,1000
bench: venv
	$(VPY) -m build_scripts bench --docs $(DOCS) --work .bench

clean:
	rm -rf site .build-tmp .build-cache docs/vi docs/en
