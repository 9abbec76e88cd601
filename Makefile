# Keel: every command a user needs. `make serve` and `make test` install what they need first.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON ?= python3
UV_VERSION := 0.13.8
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
export PYTHONPATH := layers/shared/python:functions:.
export JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION := 1
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION := 20
STAGE ?= dev
PORT ?= 3000
PYTEST_ARGS ?=
CDK_ARGS ?=
STACKS ?=
# The CDK CLI pinned by package-lock.json (never a global or a newer npx download).
CDK := node_modules/.bin/cdk
STAGE_CHECK = case "$(STAGE)" in dev|prod) ;; *) echo "unknown stage '$(STAGE)': expected dev or prod (STAGE=...)" >&2; exit 2;; esac

.PHONY: help install serve reset test check lint format typecheck synth diff deploy destroy preflight invoke bench mutate \
	clean smoke promote-admin openapi fuzz client

help: ## list the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

# Progress notes go to stderr, so that a first `make invoke ... | jq` still pipes nothing but JSON.
$(UV):
	@echo "First run: installing uv $(UV_VERSION) into $(TOOLS)/ ..." >&2
	@$(PYTHON) -m venv $(TOOLS)
	@$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.synced: $(UV) pyproject.toml uv.lock
	@echo "Installing the locked Python dependencies (uv.lock) into $(VENV)/ (first time: ~25 s) ..." >&2
	@$(UV) sync --frozen --quiet
	@touch $@

node_modules/.installed: package.json package-lock.json
	@echo "Installing the CDK CLI and Swagger UI (package-lock.json) into node_modules/ ..." >&2
	@npm ci --no-audit --no-fund --loglevel=error >&2
	@touch $@

install: $(VENV)/.synced node_modules/.installed ## install Python deps (from uv.lock) and the CDK CLI (from package-lock.json)

serve: $(VENV)/.synced node_modules/.installed ## run the whole API on http://127.0.0.1:$(PORT), AWS emulated locally, data kept in .local/
	@PORT=$(PORT) $(PY) -m infra.local.serve

reset: $(VENV)/.synced ## empty the local data in .local/ (the next make serve starts with the sample data)
	@$(PY) -m infra.local.reset

test: install ## run the whole test suite (unit, integration, infra, e2e)
	$(PY) -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

lint: $(VENV)/.synced ## ruff lint and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.synced ## apply ruff fixes and formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

typecheck: $(VENV)/.synced ## mypy
	@echo "mypy: type-checking keel, functions and infra (first run ~100 s, then cached) ..." >&2
	$(VENV)/bin/mypy layers/shared/python/keel functions infra

check: lint typecheck test ## lint, types and tests

synth: install ## synthesize STAGE (dev|prod) into cdk.out/ with cdk-nag and cfn-lint; CDK_ARGS="-c key=value ..."
	@$(STAGE_CHECK)
	@echo "==> cdk synth $(STAGE) into cdk.out/ (cdk-nag and cfn-lint run on the templates; ~45 s)" >&2
	$(CDK) synth $(STACKS) --quiet -c stage=$(STAGE) $(CDK_ARGS)

diff: install ## show what a deploy of STAGE would change (needs AWS credentials)
	@$(STAGE_CHECK)
	@echo "==> cdk diff $(or $(STACKS),--all) for $(STAGE) against what is deployed" >&2
	$(CDK) diff $(or $(STACKS),--all) -c stage=$(STAGE) $(CDK_ARGS)

deploy: install ## deploy STAGE: data stack, then API stack (STACKS="Keel-prod-Api --exclusively" for one)
	@$(STAGE_CHECK)
	@echo "==> cdk deploy $(or $(STACKS),--all) for $(STAGE)" >&2
	$(CDK) deploy $(or $(STACKS),--all) -c stage=$(STAGE) $(CDK_ARGS)

destroy: install ## destroy STAGE's API stack (the data stack stays; STACKS=--all also removes dev's data)
	@$(STAGE_CHECK)
	@echo "==> cdk destroy $(or $(STACKS),Keel-$(STAGE)-Api) for $(STAGE)" >&2
	$(CDK) destroy $(or $(STACKS),Keel-$(STAGE)-Api) -c stage=$(STAGE) $(CDK_ARGS)

preflight: $(VENV)/.synced ## before a first deploy: settings, Lambda quota, CDK bootstrap (needs AWS credentials)
	@$(STAGE_CHECK)
	$(PY) -m infra.ops.preflight --stage $(STAGE) $(CDK_ARGS)

# STAGE only counts when given on the command line (the Makefile's default STAGE=dev would always be set).
invoke: $(VENV)/.synced ## run handlers on sample events: make invoke FN=health EVENT=events/health/ok.json [STAGE=dev]
	@$(PY) -m infra.local.invoke $(if $(filter command line,$(origin STAGE)),--stage $(STAGE)) $(if $(FN),--function $(FN)) $(EVENT)

bench: $(VENV)/.synced ## per function on its success path: init, first request, warm overhead, DynamoDB calls, RSS as ratios to a floor, issue 13 targets (.bench/latest.json); local-server req/s
	$(PY) -m tests.bench.run

openapi: $(VENV)/.synced ## write functions/openapi/openapi.json from the code; refuses changes that break clients unless the version changes
	$(PY) -m infra.ops.openapi_doc

fuzz: $(VENV)/.synced ## schemathesis against a local server: anonymous, user, admin (FUZZ_MAX_TIME seconds, default 150)
	$(PY) -m tests.fuzz.run

client: $(VENV)/.synced ## generate the typed Python client in clients/python/ from functions/openapi/openapi.json
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VENV)/bin/openapi-python-client generate --path functions/openapi/openapi.json \
		--output-path clients/python --overwrite --meta uv --config clients/openapi-python-client.yaml --fail-on-warning

mutate: $(VENV)/.synced ## plant known bugs in the security modules one at a time and report the kill rate (MUTANT=name filters)
	$(PY) -m tests.mutation.run $(MUTANT)

smoke: ## end-to-end checks against a running Keel: make smoke URL=http://127.0.0.1:3000 (or a stage's ApiUrl)
	@test -n "$(URL)" || { echo "usage: make smoke URL=<base url of a running Keel>" >&2; exit 2; }
	$(PYTHON) -m infra.ops.smoke "$(URL)"

promote-admin: $(VENV)/.synced ## make an existing user admin on a deployed stage: make promote-admin STAGE=prod EMAIL=...
	@test -n "$(EMAIL)" || { echo "usage: make promote-admin STAGE=dev|prod EMAIL=<email of an existing account>" >&2; exit 2; }
	$(PY) -m infra.ops.promote_admin --stage "$(STAGE)" --email "$(EMAIL)"

clean: ## remove build outputs
	rm -rf cdk.out .build .pytest_cache .mypy_cache .ruff_cache
