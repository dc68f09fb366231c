#!/usr/bin/env bash
# test/sanitize.sh: the regress suite under AddressSanitizer + UndefinedBehaviorSanitizer.
#
# Debian's postgres cannot run the extension under ASan (it hangs with the
# ASan runtime preloaded), so this builds PostgreSQL 15 itself from source
# with clang -fsanitize=address,undefined, builds the extension the same way
# (PGXS takes the server's CFLAGS) in a copy of the tree, starts a private
# cluster on the sanitized server, and runs the whole pg_regress suite —
# sql/zz_robustness.sql, the hostile sweep, included.  Any sanitizer report
# fails the run: UBSan is built with -fno-sanitize-recover=all (the backend
# aborts, the test fails) and every report in the log directory is printed.
#
# Not part of test/run_tests.sh (the server build takes 10-15 minutes on two
# cores; later runs reuse it).  Results: doc/development.md, "Sanitizers".
#
#   bash test/sanitize.sh                      fetch the source with apt-get source
#   PG_SRC=/path/postgresql-15.x.tar.bz2 bash test/sanitize.sh   or use a tarball
#   CT_SANITIZE_DIR=/tmp/dir                   where the server is built (default below)
#
# The source comes from Debian's postgresql-15 source package (the pristine
# upstream tarball inside it), fetched with apt-get source through a private
# deb-src list, so the machine's apt configuration is not changed.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$CT_ROOT"

DIR=${CT_SANITIZE_DIR:-/tmp/complaint_tier_sanitize}
PREFIX=$DIR/pg
CC_SAN=${CC_SAN:-clang-14}
SAN_FLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"

ct_ensure_packages $CT_BASE_PACKAGES clang-14 libclang-rt-14-dev || exit 1
# PostgreSQL frees memory by context, and its programs (pg_config, initdb)
# leave it to exit: leak detection off for every sanitized program run here
export ASAN_OPTIONS="detect_leaks=0"
mkdir -p "$DIR"
chmod 755 "$DIR"

# ---- 1. the PostgreSQL source ----
fetch_source() {
	local apt="$DIR/apt" opts
	[ -n "${PG_SRC:-}" ] && { echo "$PG_SRC"; return; }
	ls "$DIR"/src/postgresql-15_*.orig.tar.* >/dev/null 2>&1 && { ls "$DIR"/src/postgresql-15_*.orig.tar.* | tail -1; return; }
	mkdir -p "$apt/lists/partial" "$DIR/src"
	echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main" >"$apt/sources.list"
	opts="-o Dir::Etc::SourceList=$apt/sources.list -o Dir::Etc::SourceParts=/dev/null -o Dir::State::Lists=$apt/lists"
	ct_log "fetching the postgresql-15 source package (apt-get source)" >&2
	apt-get $opts -qq update >&2
	(cd "$DIR/src" && apt-get $opts -qq source --download-only postgresql-15 >&2)
	ls "$DIR"/src/postgresql-15_*.orig.tar.* | tail -1
}

# ---- 2. PostgreSQL with ASan + UBSan ----
if [ ! -x "$PREFIX/bin/postgres" ]; then
	tarball=$(fetch_source)
	ct_log "building PostgreSQL from $(basename "$tarball") with $SAN_FLAGS (10-15 minutes)"
	rm -rf "$DIR/build"
	mkdir -p "$DIR/build"
	tar -xf "$tarball" -C "$DIR/build" --strip-components=1
	(
		cd "$DIR/build"
		./configure --prefix="$PREFIX" --enable-debug --enable-cassert \
			--without-icu --without-readline --without-zlib \
			CC="$CC_SAN" CFLAGS="-O1 -g $SAN_FLAGS" LDFLAGS="$SAN_FLAGS" >"$DIR/configure.log" 2>&1 ||
			{ tail -30 "$DIR/configure.log"; exit 1; }
		make -s -j"$(nproc)" >"$DIR/make.log" 2>&1 || { tail -50 "$DIR/make.log"; exit 1; }
		make -s install >"$DIR/install.log" 2>&1 || { tail -30 "$DIR/install.log"; exit 1; }
	)
fi
PGC="$PREFIX/bin/pg_config"
ct_log "sanitized server: $("$PGC" --version), CFLAGS $("$PGC" --cflags | grep -o '\-fsanitize=[^ ]*' | tr '\n' ' ')"

# ---- 3. the extension, built the same way, in a copy of the tree ----
ext="$DIR/ext"
rm -rf "$ext"
mkdir -p "$ext/test"
cp -r Makefile complaint_tier.control src sql expected "$ext/"
cp -r doc "$ext/"
cp -r test/data test/reference_rows.sql "$ext/test/"
make -C "$ext" -s PG_CONFIG="$PGC" clean >/dev/null 2>&1   # no object of another build
# the Makefile's warning flags without the GCC-only -Wno-clobbered
ext_cflags="-Wall -Wextra -Werror -Wno-unused-parameter -Wno-sign-compare -Wno-missing-field-initializers"
make -C "$ext" -s PG_CONFIG="$PGC" PG_CFLAGS="$ext_cflags" >"$DIR/ext_build.log" 2>&1 || { cat "$DIR/ext_build.log"; exit 1; }
make -C "$ext" -s PG_CONFIG="$PGC" PG_CFLAGS="$ext_cflags" install >>"$DIR/ext_build.log" 2>&1 || { cat "$DIR/ext_build.log"; exit 1; }
so="$("$PGC" --pkglibdir)/complaint_tier.so"
nm -D "$so" | grep __asan_init >/dev/null || { echo "$so is not instrumented" >&2; exit 1; }
chmod -R a+rwX "$ext"

# ---- 4. a cluster on the sanitized server, and the regress suite ----
logs="$DIR/sanlogs"
rm -rf "$logs"
mkdir -p "$logs"
chmod 777 "$logs"
# Every report goes to $logs (one file per process).
export ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:print_stacktrace=1:log_path=$logs/asan"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$logs/ubsan"
export CT_PG_BINDIR="$PREFIX/bin"
ct_pg_start
chmod -R a+rwX "$ext"
ct_log "pg_regress on the sanitized server ($(ls "$ext"/sql/*.sql | wc -l) files, the hostile sweep included)"
rc=0
ct_as_pg env ASAN_OPTIONS="$ASAN_OPTIONS" UBSAN_OPTIONS="$UBSAN_OPTIONS" \
	make -C "$ext" -s PG_CONFIG="$PGC" PGHOST="$PGHOST" PGPORT="$PGPORT" PGUSER="$PGUSER" installcheck \
	>"$DIR/regress.log" 2>&1 || rc=$?
cat "$DIR/regress.log"
[ -s "$ext/regression.diffs" ] && cat "$ext/regression.diffs"
ct_pg_stop

reports=$(ls "$logs" 2>/dev/null | wc -l)
if [ "$reports" -ne 0 ]; then
	ct_log "sanitizer reports"
	for f in "$logs"/*; do echo "== $f"; cat "$f"; done
fi
p=$(grep -cE '\.\.\. ok|^ok ' "$DIR/regress.log" || true)
f=$(grep -cE '\.\.\. FAILED|^not ok ' "$DIR/regress.log" || true)
[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
[ "$reports" -ne 0 ] && f=$((f + 1))
echo
echo "sanitize: $p passed, $f failed ($reports sanitizer reports)"
[ "$f" -eq 0 ]
