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

$(EXTENSION)--%.sql: src/sql/upgrade/%.parts $(SQL_PARTS) $(wildcard src/sql/upgrade/*.sql)
	cat $$(grep -v '^#' $<) > $@

# ---- core unit tests (plain C99 + cmocka, no PostgreSQL) ----
UNIT_SRCS   = $(sort $(wildcard test/unit/test_*.c))
UNIT_BINS   = $(patsubst test/unit/%.c,build/unit/%,$(UNIT_SRCS))
UNIT_CC     ?= cc
UNIT_CFLAGS ?= -std=c99 -O2 -g -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L

build/unit/%: test/unit/%.c $(CORE_SRCS) $(wildcard src/core/*.h)
	@mkdir -p build/unit
	$(UNIT_CC) $(UNIT_CFLAGS) -Isrc/core -o $@ $< $(CORE_SRCS) -lcmocka -lm

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
