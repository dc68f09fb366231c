# complaint_tier: PGXS build.
#
#   make                 build the extension (needs pg_config on PATH or PG_CONFIG=...)
#   make install         install into the PostgreSQL that PG_CONFIG names
#   make unit            build and run the core unit tests (cmocka)
#   make installcheck    pg_regress against a running server (PGHOST/PGPORT)
#   make test            everything, on a private temporary cluster (test/run_tests.sh)
#   make demo            the demo on a private temporary cluster (test/demo.sh)
#   make bench           the benchmarks (test/bench/*.sh; results in doc/benchmarks.md)

EXTENSION  = complaint_tier
EXTVERSION = $(shell sed -n "s/^default_version *= *'\(.*\)'/\1/p" $(EXTENSION).control)

MODULE_big = complaint_tier
CORE_SRCS  = $(sort $(wildcard src/core/*.c))
PG_SRCS    = $(sort $(wildcard src/pg/*.c))
OBJS       = $(CORE_SRCS:.c=.o) $(PG_SRCS:.c=.o)

# The install script is assembled from src/sql/NNN_*.sql, kept apart from the
# pg_regress inputs in sql/.
SQL_PARTS  = $(sort $(wildcard src/sql/[0-9]*.sql))
# Upgrade scripts are assembled the same way, from the parts that
# src/sql/upgrade/<from>--<to>.parts lists (doc/development.md, "Upgrades").
UPGRADE_LISTS = $(wildcard src/sql/upgrade/*.parts)
UPGRADES   = $(patsubst src/sql/upgrade/%.parts,$(EXTENSION)--%.sql,$(UPGRADE_LISTS))
DATA_built = $(EXTENSION)--$(EXTVERSION).sql $(UPGRADES)

REGRESS      = $(patsubst sql/%.sql,%,$(sort $(wildcard sql/*.sql)))
REGRESS_OPTS = --load-extension=$(EXTENSION)

PG_CPPFLAGS = -I$(srcdir)/src/core
PG_CFLAGS   = -Wall -Wextra -Werror -Wno-unused-parameter -Wno-sign-compare \
              -Wno-missing-field-initializers -Wno-clobbered

EXTRA_CLEAN = $(DATA_built) build results regression.diffs regression.out

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# objects follow every header of the tree (no header dependency tracking
# otherwise: a changed struct would leave stale objects behind)
HEADERS     = $(wildcard src/core/*.h src/pg/*.h)
$(OBJS): $(HEADERS)

$(EXTENSION)--$(EXTVERSION).sql: $(SQL_PARTS) $(EXTENSION).control
	cat $(SQL_PARTS) > $@

# a part "replace:FILE" is FILE with its functions created OR REPLACE (a
# function whose body changed, with the same signature and result type)
$(EXTENSION)--%.sql: src/sql/upgrade/%.parts $(SQL_PARTS) $(wildcard src/sql/upgrade/*.sql)
	for f in $$(grep -v '^#' $<); do \
		case $$f in \
			replace:*) sed 's/^CREATE FUNCTION/CREATE OR REPLACE FUNCTION/' $${f#replace:} ;; \
			*) cat $$f ;; \
		esac; \
	done > $@

# ---- core unit tests (plain C99 + cmocka, no PostgreSQL) ----
UNIT_SRCS   = $(sort $(wildcard test/unit/test_*.c))
UNIT_BINS   = $(patsubst test/unit/%.c,build/unit/%,$(UNIT_SRCS))
UNIT_CC     ?= cc
UNIT_CFLAGS ?= -std=c99 -O2 -g -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L

# the core is compiled once for all the unit tests
UNIT_CORE   = $(patsubst src/core/%.c,build/unit/core/%.o,$(CORE_SRCS))

build/unit/core/%.o: src/core/%.c $(wildcard src/core/*.h)
	@mkdir -p build/unit/core
	$(UNIT_CC) $(UNIT_CFLAGS) -Isrc/core -c -o $@ $<

build/unit/%: test/unit/%.c $(UNIT_CORE) $(wildcard test/unit/*.h)
	@mkdir -p build/unit
	$(UNIT_CC) $(UNIT_CFLAGS) -Isrc/core -o $@ $< $(UNIT_CORE) -lcmocka -lm

.PHONY: unit test demo bench
unit: $(UNIT_BINS)
	@set -e; for t in $(UNIT_BINS); do echo "== $$t"; ./$$t; done

test:
	bash test/run_tests.sh

demo:
	bash test/demo.sh

# Benchmarks (not part of the tests); each writes what it measured to doc/.
bench:
	bash test/bench/bench_stats.sh
	bash test/bench/bench_evaluate.sh

# ---- the fuzz targets' seed corpora, replayed without libFuzzer ----
# make fuzz-replay: builds every test/fuzz/fuzz_*.c with the unit tests'
# compiler and flags against test/fuzz/replay_main.c and feeds it each input
# of test/fuzz/corpus_<name> once (part of the test command, so a target
# that stops building or a seed that aborts is a failure).
REPLAY_SRCS = $(sort $(wildcard test/fuzz/fuzz_*.c))
REPLAY_BINS = $(patsubst test/fuzz/%.c,build/replay/%,$(REPLAY_SRCS))

build/replay/%: test/fuzz/%.c test/fuzz/replay_main.c $(UNIT_CORE) $(wildcard test/fuzz/*.h test/common/*.h)
	@mkdir -p build/replay
	$(UNIT_CC) $(UNIT_CFLAGS) -Isrc/core -o $@ $< test/fuzz/replay_main.c $(UNIT_CORE) -lm

.PHONY: fuzz-replay
fuzz-replay: $(REPLAY_BINS)
	@set -e; for t in $(REPLAY_BINS); do \
		n=$${t#build/replay/fuzz_}; ./$$t test/fuzz/corpus_$$n; done

# ---- libFuzzer targets (clang; not part of `make test`: doc/development.md) ----
# make fuzz [FUZZ_RUNS=N]: builds every test/fuzz/fuzz_*.c into build/fuzz and
# runs each for N executions (default 1,000,000) on a working copy of its seed
# corpus test/fuzz/corpus_<name>, with test/fuzz/<name>.dict (or the
# dictionary of the name's first word) when there is one.
FUZZ_CC    ?= clang-14
FUZZ_FLAGS ?= -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_RUNS  ?= 1000000
FUZZ_SRCS   = $(sort $(wildcard test/fuzz/fuzz_*.c))
FUZZ_BINS   = $(patsubst test/fuzz/%.c,build/fuzz/%,$(FUZZ_SRCS))

build/fuzz/%: test/fuzz/%.c $(CORE_SRCS) $(wildcard src/core/*.h test/fuzz/*.h test/common/*.h)
	@mkdir -p build/fuzz
	$(FUZZ_CC) $(FUZZ_FLAGS) -Isrc/core -o $@ $< $(CORE_SRCS) -lm

.PHONY: fuzz
fuzz: $(FUZZ_BINS)
	@set -e; for t in $(FUZZ_BINS); do \
		n=$${t#build/fuzz/fuzz_}; work=build/fuzz/corpus_$$n; mkdir -p $$work; \
		dict=test/fuzz/$$n.dict; [ -f $$dict ] || dict=test/fuzz/$${n%%_*}.dict; \
		opt=""; [ -f $$dict ] && opt="-dict=$$dict"; \
		seeds=""; [ -d test/fuzz/corpus_$$n ] && seeds=test/fuzz/corpus_$$n; \
		echo "== $$t: $(FUZZ_RUNS) runs $$opt"; \
		if ! ./$$t -runs=$(FUZZ_RUNS) -timeout=10 -print_final_stats=1 $$opt $$work $$seeds >build/fuzz/$$n.log 2>&1; then \
			tail -60 build/fuzz/$$n.log; echo "FAILED: $$t (build/fuzz/$$n.log)"; exit 1; fi; \
		grep -E '^Done [0-9]+ runs' build/fuzz/$$n.log; \
	done
