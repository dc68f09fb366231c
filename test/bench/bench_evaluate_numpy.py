#!/usr/bin/python3
"""test/bench/bench_evaluate_numpy.py: the export-compute-import baseline of
test/bench/bench_evaluate.sh.

    /usr/bin/python3 test/bench/bench_evaluate_numpy.py MODEL TABLE RESULT

Connects with the libpq environment (PGHOST, PGPORT, ...) and, timed end to
end: reads MODEL's active version (its fitted constants), copies the
indicator columns of TABLE out (COPY ... TO STDOUT, text format), computes
in numpy the normalisation (levels, ln(1 + x), clamped min-max, NULL ->
fitted default), the weighted sum, the score (clamped to [0, 1]) and the
tier, and copies (customer_id, score, tier) back into a new table RESULT
(COPY ... FROM STDIN) and commits.  MODEL must be scored by the weighted sum
alone (methods = '{weighted_sum}', combine = 'weighted_sum'), as bench_ws is.

Prints one line: total_ms copy_out_ms compute_ms copy_in_ms rows.
The floating-point operations are those of src/core/ct_model.c and
src/core/ct_scalar.c in the same order, so the scores can agree bit for bit.
"""
import io
import sys
import time

import numpy as np
import psycopg2


def main():
    model, table, result = sys.argv[1:4]
    t0 = time.perf_counter()
    conn = psycopg2.connect("")
    cur = conn.cursor()
    cur.execute(
        """SELECT v.ind_column, v.ind_kind, v.ind_direction, v.ind_transform,
                  v.ind_lo, v.ind_hi, v.ind_level_start, v.ind_level_count,
                  v.ind_impute, v.ind_global_weight, v.levels, v.level_scores,
                  v.tier_cuts, v.tier_labels, v.methods, v.combine
           FROM complaint_tier.model_version v
           JOIN complaint_tier.active_version a USING (model, version)
           WHERE v.model = %s""", (model,))
    (cols, kind, direction, transform, lo, hi, lstart, lcount, impute, gw,
     levels, level_scores, cuts, labels, methods, combine) = cur.fetchone()
    if methods != ['weighted_sum'] or combine != 'weighted_sum':
        sys.exit("model %s is not scored by the weighted sum alone" % model)
    if any(d == 2 for d in direction):
        sys.exit("target-direction indicators are not implemented here")

    # export: the key and the indicator columns, NULL as 'nan'
    select = ", ".join(["customer_id"] + [
        ('"%s"::text' if k == 1 else '"%s"::float8') % c for c, k in zip(cols, kind)])
    buf = io.BytesIO()
    cur.copy_expert("COPY (SELECT %s FROM %s) TO STDOUT (FORMAT text, NULL 'nan')"
                    % (select, table), buf)
    t1 = time.perf_counter()

    # compute
    buf.seek(0)
    dtype = [("id", "i8")] + [("c%d" % j, "U32" if k == 1 else "f8")
                              for j, k in enumerate(kind)]
    data = np.loadtxt(io.TextIOWrapper(buf, encoding="utf-8"), dtype=dtype,
                      delimiter="\t", comments=None, ndmin=1)
    n = data.shape[0]
    ws = np.zeros(n)
    for j, k in enumerate(kind):
        x = data["c%d" % j]
        if k == 1:
            v = np.full(n, impute[j])
            known = x == "nan"
            for i in range(lcount[j]):
                lev = lstart[j] + i        # 0-based slice start
                s = level_scores[lev]
                hit = x == levels[lev]
                v[hit] = 1.0 - s if direction[j] == 1 else s
                known |= hit
            if not known.all():
                sys.exit("unknown level in column %s" % cols[j])
        else:
            null = np.isnan(x)
            if transform[j] == 1:
                with np.errstate(invalid="ignore"):
                    x = np.log1p(x)
            l, h = lo[j], hi[j]
            with np.errstate(invalid="ignore", divide="ignore"):
                t = (x * 0.5 - l * 0.5) / (h * 0.5 - l * 0.5)
            t = np.where(t < 0.0, 0.0, t)
            t = np.where(t > 1.0, 1.0, t)
            t = np.where((x <= l) & (x < h), 0.0, np.where(x >= h, 1.0, t))
            if direction[j] == 1:
                t = np.where((l == h) & (x == l), 1.0, 1.0 - t)
            v = np.where(null, impute[j], t)
        ws = ws + gw[j] * v
    score = np.where(ws < 0.0, 0.0, np.where(ws > 1.0, 1.0, ws))
    tier = np.asarray(labels, dtype=object)[np.searchsorted(np.asarray(cuts), score, side="right")]
    out = "".join("%d\t%r\t%s\n" % row for row in zip(data["id"].tolist(), score.tolist(), tier.tolist()))
    t2 = time.perf_counter()

    # import
    cur.execute("CREATE TABLE %s (customer_id bigint, score float8, tier text)" % result)
    cur.copy_expert("COPY %s FROM STDIN (FORMAT text)" % result, io.StringIO(out))
    conn.commit()
    t3 = time.perf_counter()
    conn.close()
    print("%.3f %.3f %.3f %.3f %d" % ((t3 - t0) * 1000, (t1 - t0) * 1000,
                                      (t2 - t1) * 1000, (t3 - t2) * 1000, n))


if __name__ == "__main__":
    main()
