#!/usr/bin/python3
"""test/dea_check.py: DEA building blocks against scipy.optimize.linprog.

    bash test/dea_fcm_check.sh          # starts a private cluster and runs this
    /usr/bin/python3 test/dea_check.py [TRIALS]   # against PGHOST/PGPORT

Needs python3-numpy, python3-scipy and python3-psycopg2, and a database
with complaint_tier installed (the connection comes from the libpq
environment).  Independent of src/core: scipy's HiGHS solves every linear
programme over ALL the points (no frontier pruning), in the envelopment or
multiplier form written out here.

1. The published CCR example: the 12 hospitals of Cooper, Seiford and Tone
   (2007), doctors and nurses in, outpatients and inpatients out, with the
   book's CCR scores (3 decimals), re-computed here with linprog.
2. Random benefit-of-the-doubt problems (uniform, grid-valued with many
   duplicates, all-zero rows, one row, one indicator; every 25th trial 300
   customers of 12 correlated indicators): the frontier from the
   dea_frontier aggregate (serial, and merged from two halves), every
   row's dea_bod against it, with and without pie-share bounds, against
   linprog over all rows.
3. Random CCR problems, both orientations: dea_ccr's efficiency against
   linprog, and its lambdas checked for feasibility and optimality.

Prints one line per part and a final summary; exit status 1 on a mismatch.
"""
import sys

import numpy as np
import psycopg2
from psycopg2.extras import execute_values
from scipy.optimize import linprog

TOL = 1e-7

HOSP_X = [[20, 151], [19, 131], [25, 160], [27, 168], [22, 158], [55, 255],
          [33, 235], [31, 206], [30, 244], [50, 268], [53, 306], [38, 284]]
HOSP_Y = [[100, 90], [150, 50], [160, 55], [180, 72], [94, 66], [230, 90],
          [220, 88], [152, 80], [190, 100], [250, 100], [260, 147], [250, 120]]
# CCR scores as printed by Cooper, Seiford and Tone (2007) for hospitals A..L
HOSP_PUBLISHED = [1, 1, 0.883, 1, 0.763, 0.835, 0.902, 0.796, 0.960, 0.871,
                  0.955, 0.958]


def lit(a):
    """A float8[] / float8[][] literal."""
    a = np.asarray(a, dtype=float)
    if a.ndim == 1:
        return "{" + ",".join(repr(float(x)) for x in a) + "}"
    return "{" + ",".join(lit(r) for r in a) + "}"


def ccr_linprog(X, Y, o, output):
    n, r = X.shape
    s = Y.shape[1]
    # variables: t (theta or phi), lambda_1..n
    if not output:
        c = np.r_[1.0, np.zeros(n)]
        A = [np.r_[-X[o, i], X[:, i]] for i in range(r)] + \
            [np.r_[0.0, -Y[:, j]] for j in range(s)]
        b = [0.0] * r + list(-Y[o])
    else:
        c = np.r_[-1.0, np.zeros(n)]
        A = [np.r_[0.0, X[:, i]] for i in range(r)] + \
            [np.r_[Y[o, j], -Y[:, j]] for j in range(s)]
        b = list(X[o]) + [0.0] * s
    res = linprog(c, A_ub=np.array(A), b_ub=b,
                  bounds=[(None, None)] + [(0, None)] * n, method="highs")
    if res.status == 3:
        return None
    assert res.status == 0, res.message
    return res.fun if not output else -res.fun


def bod_linprog(v, Y, lower=None, upper=None):
    m = len(v)
    if not np.any(v > 0):
        return 0.0
    A = [row for row in Y]
    b = [1.0] * len(Y)
    for j in range(m):
        if lower is not None and lower[j] > 0:
            a = lower[j] * v.copy()
            a[j] -= v[j]
            A.append(a)
            b.append(0.0)
        if upper is not None and upper[j] < 1:
            a = -upper[j] * v.copy()
            a[j] += v[j]
            A.append(a)
            b.append(0.0)
    res = linprog(-v, A_ub=np.array(A), b_ub=b, bounds=[(0, None)] * m,
                  method="highs")
    assert res.status == 0, res.message
    return -res.fun


def random_points(rng, kind, n, m):
    if kind == "uniform":
        Y = rng.random((n, m))
    elif kind == "grid":
        Y = rng.integers(0, 5, (n, m)) / 4.0
    elif kind == "sparse":
        Y = rng.random((n, m)) * (rng.random((n, m)) < 0.5)
    else:   # correlated, like customer indicators
        z = rng.standard_normal((n, 1))
        Y = 1 / (1 + np.exp(-(z + 0.7 * rng.standard_normal((n, m)))))
        Y = np.round(Y, 2)
    if n > 2:
        Y[0] = 0.0                  # an all-zero row
        Y[1] = Y[2]                 # a duplicated row
    return Y


def frontier(cur, Y, split=False):
    cur.execute("TRUNCATE _dea_pts")
    execute_values(cur, "INSERT INTO _dea_pts(id, v) VALUES %s",
                   [(i, list(map(float, y))) for i, y in enumerate(Y)])
    if not split:
        cur.execute("SELECT frontier_points(dea_frontier(v)) FROM _dea_pts")
    else:
        cur.execute("""SELECT frontier_points(merge(f)) FROM (
                         SELECT dea_frontier(v) f FROM _dea_pts GROUP BY id % 2) s""")
    F = cur.fetchone()[0]
    return np.array(F, dtype=float).reshape(-1, Y.shape[1])


def check_bod(cur, rng, trials):
    worst = 0.0
    rows = 0
    for t in range(trials):
        kind = ["uniform", "grid", "sparse", "customer"][t % 4]
        n = int(rng.integers(1, 80))
        m = int(rng.integers(1, 7))
        if t % 25 == 24:
            # like the telecom model: 12 indicators, customers rounded to hundredths
            kind, n, m = "customer", 300, 12
        Y = random_points(rng, kind, n, m)
        F = frontier(cur, Y)
        F2 = frontier(cur, Y, split=True)
        if F.shape != F2.shape or not np.array_equal(F, F2):
            print("FAIL bod trial %d: merged frontier differs (%s vs %s)" % (t, F.shape, F2.shape))
            return None
        if not np.any(Y > 0):
            if len(F) != 0:
                print("FAIL bod trial %d: zero data, frontier %s" % (t, F))
                return None
            continue
        bounds = [(None, None)]
        if m >= 2:
            bounds.append((None, np.full(m, 0.6 if m > 2 else 0.7)))
            bounds.append((np.full(m, 0.5 / m), np.full(m, min(1.0, 2.0 / m))))
        for lower, upper in bounds:
            for v in Y:
                cur.execute("SELECT dea_bod(%s::float8[], %s::float8[], %s::float8[], %s::float8[])",
                            (lit(v), lit(F), None if lower is None else lit(lower),
                             None if upper is None else lit(upper)))
                got = cur.fetchone()[0]
                want = bod_linprog(v, Y, lower, upper)
                err = abs(got - want)
                worst = max(worst, err)
                rows += 1
                if err > TOL:
                    print("FAIL bod trial %d (%s, n=%d, m=%d, bounds %s/%s): v=%s got %.12g want %.12g"
                          % (t, kind, n, m, lower, upper, v, got, want))
                    return None
    print("bod: %d trials, %d scores (with and without share bounds) against linprog over all rows; "
          "frontier serial = merged halves in every trial; largest difference %.2e" % (trials, rows, worst))
    return worst


def check_ccr_published(cur):
    cur.execute("SELECT dmu, efficiency FROM dea_ccr(%s::float8[], %s::float8[]) ORDER BY dmu",
                (lit(HOSP_X), lit(HOSP_Y)))
    got = [e for _, e in cur.fetchall()]
    X = np.array(HOSP_X, float)
    Y = np.array(HOSP_Y, float)
    worst = 0.0
    for o in range(12):
        want = ccr_linprog(X, Y, o, False)
        worst = max(worst, abs(got[o] - want))
        if abs(got[o] - want) > TOL or abs(round(got[o], 3) - HOSP_PUBLISHED[o]) > 1e-9:
            print("FAIL hospital %s: got %.6f, linprog %.6f, published %.3f"
                  % ("ABCDEFGHIJKL"[o], got[o], want, HOSP_PUBLISHED[o]))
            return None
    print("ccr hospitals (Cooper, Seiford and Tone 2007): 12 of 12 equal the published 3 decimals; "
          "largest difference from linprog %.2e" % worst)
    return worst


def check_ccr_random(cur, rng, trials):
    worst = 0.0
    units = 0
    for t in range(trials):
        n = int(rng.integers(1, 40))
        r = int(rng.integers(1, 4))
        s = int(rng.integers(1, 4))
        X = np.round(rng.random((n, r)) * 100 + 1, 1)
        Y = np.round(rng.random((n, s)) * 100, 1) * (rng.random((n, s)) < 0.85)
        if n > 3:
            Y[0] = 0.0              # a unit without outputs
            X[1], Y[1] = X[2], Y[2]  # a duplicated unit
        for output in (False, True):
            cur.execute("SELECT dmu, efficiency, lambdas FROM dea_ccr(%s::float8[], %s::float8[], %s) ORDER BY dmu",
                        (lit(X), lit(Y), "output" if output else "input"))
            for dmu, eff, lam in cur.fetchall():
                o = dmu - 1
                want = ccr_linprog(X, Y, o, output)
                units += 1
                if want is None or eff is None:
                    if not (want is None and eff is None and lam is None):
                        print("FAIL ccr trial %d unit %d: got %s, linprog %s" % (t, dmu, eff, want))
                        return None
                    continue
                err = abs(eff - want) / max(1.0, abs(want))
                worst = max(worst, err)
                lam = np.array(lam)
                if output:
                    feas = np.all(X.T @ lam <= X[o] * (1 + 1e-7) + 1e-7) and \
                        np.all(Y.T @ lam >= eff * Y[o] * (1 - 1e-7) - 1e-7)
                else:
                    feas = np.all(X.T @ lam <= eff * X[o] * (1 + 1e-7) + 1e-7) and \
                        np.all(Y.T @ lam >= Y[o] * (1 - 1e-7) - 1e-7)
                if err > TOL or not feas or np.any(lam < 0):
                    print("FAIL ccr trial %d unit %d (%s): got %.12g want %.12g, lambdas feasible %s"
                          % (t, dmu, "output" if output else "input", eff, want, feas))
                    return None
    print("ccr random: %d trials, %d unit scores in both orientations against linprog; "
          "every lambda feasible; largest relative difference %.2e" % (trials, units, worst))
    return worst


def main():
    trials = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    rng = np.random.default_rng(20261129)
    conn = psycopg2.connect("")
    conn.autocommit = True
    cur = conn.cursor()
    cur.execute("SET search_path = public, complaint_tier")
    cur.execute("CREATE TEMP TABLE _dea_pts (id int, v float8[])")
    ok = True
    for part in (lambda: check_ccr_published(cur),
                 lambda: check_bod(cur, rng, trials),
                 lambda: check_ccr_random(cur, rng, trials // 2)):
        if part() is None:
            ok = False
    print("dea_check: %s" % ("all agree" if ok else "MISMATCH"))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
