# ado-accounts. On a fresh Debian machine `make run` and `make test` do all the set-up:
# they install the Debian packages they need (with sudo when not root), then build.

SWIFT        ?= swift
PREFIX       ?= /usr/local
ARGS         ?=
# Release builds link the Swift runtime statically: it halves start-up time (no dynamic
# relocation of a dozen Swift libraries), which is most of what a command like `list` costs.
RELEASE       = $(SWIFT) build -c release --static-swift-stdlib --product ado-accounts
BIN           = .build/release/ado-accounts
APT_PACKAGES  = libncurses-dev libsecret-1-dev libcurl4 libcurl4-openssl-dev dbus-daemon gnome-keyring tmux python3 python3-venv
VENV          = .build-venv
FUZZ_SECONDS ?= 10
FUZZ_SEED    ?= 20261206

.PHONY: all deps build run test test-quick bench install uninstall resources lint format clean

all: build

## Debian packages for building (ncursesw, libsecret headers) and testing (a private D-Bus,
## gnome-keyring, tmux, Python for the python-keyring interop tests).
deps:
	@missing=""; \
	for package in $(APT_PACKAGES); do \
	    dpkg-query -W -f='$${Status}\n' "$$package" 2>/dev/null | grep -q '^install ok installed' || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
	    echo "Installing Debian packages:$$missing"; \
	    if [ "$$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi; \
	    $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing >/dev/null; \
	fi

build: deps
	$(RELEASE)

## `make run` opens the account manager on a terminal; `make run ARGS="list"` runs a command.
run: build
	@$(BIN) $(ARGS)

## python-keyring from PyPI, for the tests that check our keyring items against az's library.
$(VENV)/bin/python:
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check keyring secretstorage

## The whole suite, inside a private D-Bus session with a real, throw-away gnome-keyring, then a
## short libFuzzer pass over every parser of outside input (Tests/Fuzz/fuzz.sh runs the long one).
## The short pass is seeded (FUZZ_SEED): a test run repeats the same inputs, a slower machine a
## prefix of them, so it fails only on a change, never on what a random search happened to
## reach that day; searching is the long run's job.
test: deps $(VENV)/bin/python
	$(SWIFT) build --build-tests
	KEEP_HOME=1 REQUIRE_SECRET_SERVICE=1 ADO_ACCOUNTS_TEST_PYTHON=$(CURDIR)/$(VENV)/bin/python \
	    Tests/Scripts/with-keyring.sh $(SWIFT) test --skip-build
	FUZZ_SEED=$(FUZZ_SEED) Tests/Fuzz/fuzz.sh $(FUZZ_SECONDS)

## The suite without the keyring session (keyring suites are skipped).
test-quick:
	$(SWIFT) test

## Figures, not tests, all on the binary `make run` builds: list/token with 1, 100 and 10,000
## organizations, the account manager (first frame, key latency, memory), list on a keyring.
bench: build $(VENV)/bin/python
	@command -v hyperfine >/dev/null || { sudo=""; [ "$$(id -u)" -eq 0 ] || sudo=sudo; $$sudo apt-get install -y -qq hyperfine >/dev/null; }
	python3 Tests/Benchmarks/bench.py $(BIN)
	Tests/Benchmarks/tui-bench.sh $(BIN)
	Tests/Benchmarks/keyring-bench.sh $(BIN)

install: build
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/ado-accounts
	install -m 644 Resources/ado-accounts.1 $(DESTDIR)$(PREFIX)/share/man/man1/ado-accounts.1
	install -D -m 644 Resources/completions/ado-accounts.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/ado-accounts
	install -D -m 644 Resources/completions/_ado-accounts $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_ado-accounts
	install -D -m 644 Resources/completions/ado-accounts.fish $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/ado-accounts.fish

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/ado-accounts $(DESTDIR)$(PREFIX)/share/man/man1/ado-accounts.1 \
	    $(DESTDIR)$(PREFIX)/share/bash-completion/completions/ado-accounts \
	    $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_ado-accounts \
	    $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/ado-accounts.fish

## The man page and shell completions in Resources/, generated from the commands' own help.
resources:
	$(SWIFT) package plugin generate-manual --date $$(date +%Y-%m-%d) --authors "the ado-accounts developers"
	sed -e '/^\.Ex -std$$/{r Resources/manual-sections.mdoc' -e 'd;}' \
	    .build/plugins/GenerateManual/outputs/ado-accounts/ado-accounts.1 > Resources/ado-accounts.1
	$(SWIFT) build --product ado-accounts
	.build/debug/ado-accounts --generate-completion-script bash > Resources/completions/ado-accounts.bash
	.build/debug/ado-accounts --generate-completion-script zsh > Resources/completions/_ado-accounts
	.build/debug/ado-accounts --generate-completion-script fish > Resources/completions/ado-accounts.fish

lint:
	$(SWIFT) format lint --recursive --strict Sources Tests Package.swift

format:
	$(SWIFT) format --in-place --recursive Sources Tests Package.swift

clean:
	rm -rf .build $(VENV)
