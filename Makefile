# zoneboard: `make demo` serves the demo; `make test` builds and runs every test.
SHELL := /bin/bash
export PATH := /usr/local/go/bin:$(PATH)
GO ?= go
BIN := bin/zoneboard
ADDR ?= 127.0.0.1:8080

.PHONY: build ui demo test vet fmt-check fuzz fuzz-short bench bench-compare clean

# The web UI is built into ui/dist and embedded in the binary; without Node the binary still
# builds and its root page says how to build the UI.
build: ui
	$(GO) build -o $(BIN) ./cmd/zoneboard

UI_SOURCES := $(shell find ui/src ui/public ui/index.html ui/vite.config.js -type f 2>/dev/null)

ui:
	@mkdir -p ui/dist && touch ui/dist/.keep
	@if [ -f ui/package.json ] && command -v npm >/dev/null; then $(MAKE) --no-print-directory ui/dist/index.html; \
	else echo "ui: npm or ui/package.json missing; the binary serves a page saying how to build the UI"; fi

# npm ci and the Vite build run only when their inputs changed.
ui/node_modules/.package-lock.json: ui/package-lock.json ui/package.json
	cd ui && npm ci --no-audit --no-fund

ui/dist/index.html: ui/node_modules/.package-lock.json $(UI_SOURCES)
	cd ui && npm run build

# Loads the demo (济南高新区 2019-2020) into zoneboard.db and serves it on $(ADDR).
demo: build
	./$(BIN) demo --addr $(ADDR)

fmt-check:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi

vet:
	$(GO) vet ./...

# PostgreSQL tests run when ZONEBOARD_TEST_POSTGRES holds a URL (.ci/run sets it; so does this
# target when a PostgreSQL with a database "test" answers on 127.0.0.1:5432). Suites whose
# program or service is missing skip, and the run ends with one line per skipped suite and
# the Debian package that brings it; under CI=true a missing dependency fails instead.
SKIP_LOG := $(CURDIR)/.test-skipped
test: build fmt-check vet
	@if [ -f ui/package.json ]; then cd ui && npm test; fi
	@rm -f $(SKIP_LOG); \
	if [ -z "$$ZONEBOARD_TEST_POSTGRES" ] && command -v psql >/dev/null && \
		psql -w -h 127.0.0.1 -U postgres -d test -Atc 'SELECT 1' >/dev/null 2>&1; then \
		export ZONEBOARD_TEST_POSTGRES='postgres://postgres@127.0.0.1:5432/test?sslmode=disable'; fi; \
	export ZONEBOARD_SKIP_LOG=$(SKIP_LOG); \
	$(GO) test -count=1 -timeout 20m ./...; status=$$?; \
	echo "store conformance suite:"; \
	$(GO) test -count=1 -run 'TestConformance' -v ./sqlstore | grep -E -- '^    --- (PASS|SKIP|FAIL): TestConformance/[A-Za-z]+ ' || true; \
	if [ -s $(SKIP_LOG) ]; then sort -u $(SKIP_LOG) | sed 's/^/skipped: /'; else echo "skipped: nothing"; fi; \
	rm -f $(SKIP_LOG); if [ $$status -ne 0 ]; then exit $$status; fi
	@$(MAKE) --no-print-directory fuzz-short

# The fuzz targets: periods, numbers, CSV, xlsx and the plan's files, JSON request bodies.
# 'make test' runs each for FUZZTIME_SHORT; 'make fuzz' for FUZZTIME (say FUZZTIME=30m).
FUZZ_TARGETS := period:FuzzParse ingest:FuzzParseNumber ingest:FuzzImportCSV ingest:FuzzImportXLSX ingest:FuzzImportPlan api:FuzzDecodeJSON
FUZZTIME_SHORT ?= 4s
FUZZTIME ?= 2m
fuzz-short:
	@$(MAKE) --no-print-directory fuzz FUZZTIME=$(FUZZTIME_SHORT)

fuzz:
	@for t in $(FUZZ_TARGETS); do pkg=$${t%%:*}; name=$${t##*:}; \
		echo "fuzz $$pkg $$name for $(FUZZTIME)"; \
		$(GO) test -run XXX -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 3s ./$$pkg/ >/tmp/zoneboard-fuzz.log 2>&1 || { cat /tmp/zoneboard-fuzz.log; exit 1; }; \
	done

# Benchmarks at realistic scale; set ZONEBOARD_BENCH_POSTGRES to a scratch database to include
# PostgreSQL in the import benchmarks, and ZONEBOARD_BENCH_OBSERVATIONS=10000000 for the engine's.
bench:
	$(GO) test -run XXX -bench . -benchtime 1x -count 3 -timeout 60m ./ingest/
	$(GO) test -run XXX -bench . -benchtime 5x -timeout 60m ./engine/ ./brief/
	$(GO) run ./cmd/zoneboard bench --observations 1000000

# The full-table query against DuckDB and SQLite on the same data (a separate module, so that
# the product never links DuckDB).
bench-compare:
	cd bench && $(GO) run . -observations 1000000,10000000

clean:
	rm -rf bin ui/dist ui/node_modules screenshots
