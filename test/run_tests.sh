#!/usr/bin/env bash
# test/run_tests.sh: every test of complaint_tier, on a fresh Debian 12 machine.
#
# Installs what it needs when run as root, builds with -Werror, runs the core
# unit tests (cmocka), builds the fuzz targets and replays their seed corpora
# (make fuzz-replay), installs the extension, starts a private temporary
# cluster, runs pg_regress against it, stops the cluster, and ends with the
# line "N passed, N failed" over unit and regression tests together.
# Exit status is non-zero on any failure.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
cd "$CT_ROOT"

ct_ensure_packages $CT_BASE_PACKAGES || exit 1
# the Python client example (doc/clients.md) runs when psycopg2 is there
integration="test/model_dump_restore.sh test/upgrade_test.sh test/logit_check.sh test/scale/fdw.sh"
if ct_ensure_packages python3-psycopg2; then
	integration+=" test/clients/python_example.sh"
else
	ct_log "python3-psycopg2 is missing: the Python client example is skipped"
fi

passed=0
failed=0

ct_log "building (warnings are errors)"
make -s clean >/dev/null 2>&1
if ! make -s >build.log 2>&1; then
	cat build.log
	echo "0 passed, 1 failed"
	exit 1
fi
rm -f build.log

ct_log "core unit tests (cmocka)"
make -s $(ls test/unit/test_*.c 2>/dev/null | sed 's|test/unit/\(.*\)\.c|build/unit/\1|') || { echo "0 passed, 1 failed"; exit 1; }
for t in build/unit/test_*; do
	[ -x "$t" ] || continue
	out=$("$t" 2>&1)
	echo "$out"
	p=$(echo "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -1)
	f=$(echo "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -1)
	p=${p:-0}
	f=${f:-0}
	if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then f=1; fi   # a binary that ran nothing or crashed
	passed=$((passed + p))
	failed=$((failed + f))
done

ct_log "fuzz targets built without libFuzzer, their seed corpora replayed"
if out=$(make -s fuzz-replay 2>&1); then
	echo "$out"
	n=$(echo "$out" | grep -c 'inputs replayed$')
	passed=$((passed + n))
else
	echo "$out" | tail -30
	echo "fuzz-replay FAILED"
	failed=$((failed + 1))
fi

ct_log "installing and running pg_regress on a temporary cluster"
ct_lock
if ct_install && ct_pg_start; then
	rm -f regression.diffs regression.out
	make -s installcheck >regress.log 2>&1
	rc=$?
	cat regress.log
	p=$(grep -cE '\.\.\. ok|^ok ' regress.log)
	f=$(grep -cE '\.\.\. FAILED|^not ok ' regress.log)
	if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	passed=$((passed + p))
	failed=$((failed + f))
	if [ -s regression.diffs ]; then
		ct_log "regression.diffs"
		cat regression.diffs
	fi
	rm -f regress.log
	ct_pg_stop
else
	failed=$((failed + 1))
fi

exec 9>&-   # release the install lock; the integration scripts take it themselves

for t in $integration; do
	ct_log "integration: $t"
	if bash "$t"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
	fi
done

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
