# Two commands matter: `make synth` and `make test`. Each installs what it
# needs (the pinned CDK CLI from package-lock.json, Go modules) and never needs
# AWS credentials, a context lookup or Docker.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := synth

# jsii prints a banner on Node versions it no longer supports; the value is a
# list of Node major versions to stay quiet for (not a boolean).
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION := 18,20
export JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION := 1
# The CDK CLI must not phone home from CI or offline machines.
export CDK_DISABLE_CLI_TELEMETRY := true
export AWS_EC2_METADATA_DISABLED := true
# aws-cdk-lib (2.262+) validates every template against the CloudFormation
# schemas at synth. cfn-lint, which `make test` runs over every template, is a
# superset; the built-in pass more than doubled the CDK tests (83 s against
# 39 s) and synth (bench/results.md). CDK_VALIDATION=true brings it back.
export CDK_VALIDATION ?= false

CDK := npx --no-install cdk
CDK_OUT := cdk.out
GO_PACKAGES := ./...

.PHONY: deps synth test test-go test-deploy vet lint unit external apiguard bench rehearse rehearse-tcp rehearse-mutants clean

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@# aws-cdk ships Go init templates; a go.mod makes node_modules a module
	@# of its own, which ./... then skips.
	echo 'module ignore_node_modules' > node_modules/go.mod
	touch $@

deps: node_modules/.installed
	go mod download

## synth: synthesize the example topology into cdk.out (no AWS account needed);
## CONTEXT="-c domain=example.com" adds CDK context, here the TLS shape
synth: deps
	rm -rf $(CDK_OUT)
	$(CDK) synth --quiet --no-notices --lookups=false --output $(CDK_OUT) -c account=all $(CONTEXT)
	@ls -1 $(CDK_OUT)/*.template.json

## test: everything: formatting, vet, unit and construct tests, synth, cfn-lint,
## another team's app, the emulator's own tests, the TCP shape's whole
## lifecycle rehearsed and the fastest mutant. Its two halves run side by
## side (each is mostly one process at a time: on a clean clone with 2
## cores, 13m48s in a row, 7m19s side by side); their lines interleave
test: deps
	$(MAKE) --no-print-directory -j2 --output-sync=line test-go test-deploy

# make test's halves: the Go checks, and what synthesizes and deploys.
test-go: deps
	$(MAKE) --no-print-directory vet
	$(MAKE) --no-print-directory unit
	$(MAKE) --no-print-directory apiguard

test-deploy: deps
	$(MAKE) --no-print-directory synth
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory external
	$(MAKE) --no-print-directory rehearse-tcp

vet:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './node_modules/*')); \
	if [ -n "$$unformatted" ]; then echo "gofmt would rewrite: $$unformatted"; exit 1; fi
	go vet $(GO_PACKAGES)
	go -C tools vet ./...

# The example services run with the race detector: they serve concurrent
# requests, and a race there is a production bug.
SERVICE_PACKAGES := ./apps/serve ./apps/dognames ./apps/todo

unit:
	go test -count=1 $$(go list $(GO_PACKAGES) | grep -v -e '/apps/serve$$' -e '/apps/dognames$$' -e '/apps/todo$$')
	go test -race -count=1 $(SERVICE_PACKAGES)
	go -C tools test -count=1 ./...

## apiguard: the exported API of constructs/... against the last release
## (CHANGELOG.md); an incompatible change fails unless the Unreleased
## section names it
apiguard: deps
	go -C tools run ./apiguard -root ..

lint:
	@command -v cfn-lint >/dev/null || { echo "cfn-lint not found: it ships with this machine image (Python 3.11)"; exit 1; }
	@echo "cfn-lint $$(cfn-lint --version | awk '{print $$2}'): all $$(cfn-lint --list-rules | grep -cE '^[EW][0-9]{4}') error and warning rules (the default set, no exceptions) over:"
	@ls -1 $(CDK_OUT)/*.template.json
	cfn-lint $(CDK_OUT)/*.template.json
	@echo "cfn-lint: 0 errors, 0 warnings"

## external: another team's app (test/externalapp, a Go module of its own that
## imports the library through a replace directive) passes its own snapshot
## test (the public snapshot package), synthesizes with the CLI, no context
## file and no lookups (--lookups=false fails on any), and lints clean
EXTERNAL := test/externalapp
external: deps
	cd $(EXTERNAL) && go vet ./... && go test -count=1 ./... && rm -rf cdk.out && \
		$(CURDIR)/node_modules/.bin/cdk synth --quiet --no-notices --lookups=false
	cfn-lint $(EXTERNAL)/cdk.out/*.template.json
	@echo "external app: $$(ls $(EXTERNAL)/cdk.out/*.template.json | wc -l) templates, cfn-lint clean"

REHEARSE := python3 test/rehearsal/rehearse.py

## rehearse-tcp (in make test): the emulator's corrections shown failing and
## passing (launcher_test.py), the TCP shape's whole lifecycle (create,
## unchanged redeploy, updates that replace, a failed first deploy rolled
## back, destroy, create again, destroy), the consumers' StackSet deployed
## to 20 accounts of an OU (--scale 20), then the fastest mutant
## (gateway-first, which changes no file and runs in the tree itself)
rehearse-tcp: deps
	python3 test/rehearsal/mutants.py --check
	cd test/rehearsal && python3 -m unittest -q launcher_test
	$(REHEARSE) --shape tcp
	$(REHEARSE) --scale 20
	python3 test/rehearsal/mutants.py gateway-first

## rehearse: the whole lifecycle in every shape (tcp, tls, hardened, alb), the
## real-AWS code path against the emulator (aws-on-emulator, in one account:
## the lifecycle, and the TLS shape's create with its zones delegated), then
## the two fastest mutants. REHEARSE_FLAGS="--target aws --profile P" (or
## --profile gateway=P1 --profile dognames=P2 ...) runs the shapes on real
## AWS instead: see the README's "Rehearsing on real AWS"
rehearse: deps
	cd test/rehearsal && python3 -m unittest -q launcher_test
	$(REHEARSE) --shape tcp $(REHEARSE_FLAGS)
	$(REHEARSE) --shape tls $(REHEARSE_FLAGS)
	$(REHEARSE) --shape hardened $(REHEARSE_FLAGS)
	$(REHEARSE) --shape alb $(REHEARSE_FLAGS)
	$(REHEARSE) --scale 20
	@if [ -z "$(REHEARSE_FLAGS)" ]; then $(REHEARSE) --shape tcp --target aws-on-emulator --one-account; fi
	@if [ -z "$(REHEARSE_FLAGS)" ]; then $(REHEARSE) --shape tls --target aws-on-emulator --one-account --steps create; fi
	@if [ -z "$(REHEARSE_FLAGS)" ]; then python3 test/rehearsal/mutants.py --fast; fi

## rehearse-mutants: the rehearsal once per deliberate breakage (one per hazard
## found so far, listed in mutants.py and the README), each must fail for its
## own reason, and once with acceptance accepted, which must pass
rehearse-mutants: deps
	python3 test/rehearsal/mutants.py

## bench: synth and test cost against the floor and the quotas -> bench/results.md
bench: deps
	go run ./bench $(BENCH_FLAGS)

clean:
	rm -rf $(CDK_OUT) node_modules
