#!/usr/bin/python3
"""test/fcm_check.py: fuzzy c-means against an independent numpy version.

    bash test/dea_fcm_check.sh          # starts a private cluster and runs this
    /usr/bin/python3 test/fcm_check.py  # against PGHOST/PGPORT

Needs python3-numpy, python3-psycopg2 and scikit-learn's bundled Iris data
(python3-sklearn; no download).  Written from the formulas of Bezdek
(1981), the same algorithm as scikit-fuzzy's cmeans (which is not packaged
for Debian 12): memberships u_ic = 1 / sum_j (d_ic / d_ij)^(2/(m-1)) with
Euclidean distances, centres sum u^m x / sum u^m; stopped, as fuzzy_cmeans
is, when no centre coordinate moves more than the tolerance.  The seeding
(k-means++ with hashed, order-independent draws, doc/dea_fcm.md) is
re-implemented here from its description (splitmix64, Efraimidis-Spirakis
keys) and must pick the same points as the fcm_seed aggregate.

Prints one line per data set and a final summary; exit status 1 on a
mismatch.
"""
import math
import struct
import sys

import numpy as np
import psycopg2
from psycopg2.extras import execute_values

MASK = (1 << 64) - 1


def mix64(z):
    z = (z + 0x9e3779b97f4a7c15) & MASK
    z = ((z ^ (z >> 30)) * 0xbf58476d1ce4e5b9) & MASK
    z = ((z ^ (z >> 27)) * 0x94d049bb133111eb) & MASK
    return z ^ (z >> 31)


def seed_key(x, centres, t, seed):
    w = 1.0
    for c in range(t):
        acc = 0.0
        for a, b in zip(x, centres[c]):
            acc += (a - b) * (a - b)
        if c == 0 or acc < w:
            w = acc
    if not w > 0:
        return None
    h = mix64((seed & MASK) ^ mix64(t + 0x51ed2701))
    for v in x:
        v = 0.0 if v == 0 else v
        h = mix64(h ^ struct.unpack("<Q", struct.pack("<d", v))[0])
    u = ((h >> 11) + 0.5) / 9007199254740992.0
    return math.log(u) / w


def seeds_python(X, k, seed):
    centres = []
    pts = sorted(set(map(tuple, X)))
    for t in range(k):
        best = None
        for p in pts:
            key = seed_key(p, centres, t, seed)
            if key is None:
                continue
            if best is None or (key, p) > best:
                best = (key, p)
        if best is None:
            return centres
        centres.append(list(best[1]))
    return centres


def memberships(X, C, m):
    D = ((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=2)
    U = np.empty_like(D)
    for i, d in enumerate(D):
        z = d == 0
        if z.any():
            U[i] = z / z.sum()
        else:
            # the textbook form, u_c = 1 / sum_j (d_c/d_j)^(1/(m-1))
            U[i] = 1.0 / ((d[:, None] / d[None, :]) ** (1.0 / (m - 1))).sum(axis=1)
    return U, D


def fcm_numpy(X, C, m, tol, max_iter):
    C = np.array(C, dtype=float)
    for it in range(1, max_iter + 1):
        U, D = memberships(X, C, m)
        Um = U ** m
        w = Um.sum(axis=0)
        newC = C.copy()
        nz = w > 0
        newC[nz] = (Um.T @ X)[nz] / w[nz, None]
        J = (Um * D).sum()
        shift = np.abs(newC - C).max()
        C = newC
        if shift <= tol:
            return C, it, J, True, U.sum(axis=0)
    return C, max_iter, J, False, U.sum(axis=0)


def load(cur, X):
    cur.execute("TRUNCATE _fcm_pts")
    execute_values(cur, "INSERT INTO _fcm_pts(id, v) VALUES %s",
                   [(i, list(map(float, x))) for i, x in enumerate(X)])


def check(cur, name, X, k, m, tol=1e-6, max_iter=300, seed=1):
    load(cur, X)
    # the seeds, one fcm_seed pass each
    c = None
    sql_seeds = []
    for t in range(k):
        cur.execute("SELECT fcm_seed(v, %s::float8[], %s) FROM _fcm_pts", (c, seed))
        p = cur.fetchone()[0]
        sql_seeds.append(p)
        c = "{" + ",".join("{" + ",".join(repr(x) for x in r) + "}" for r in sql_seeds) + "}"
    py_seeds = seeds_python(X, k, seed)
    if py_seeds != sql_seeds:
        print("FAIL %s: seeds differ\n  sql %s\n  py  %s" % (name, sql_seeds, py_seeds))
        return False
    cur.execute("SELECT centres, iterations, objective, converged, sizes FROM fuzzy_cmeans('_fcm_pts', 'v', %s, %s, %s, %s, %s)",
                (k, m, tol, max_iter, seed))
    centres, its, obj, conv, sizes = cur.fetchone()
    C, nits, J, nconv, nsizes = fcm_numpy(X, np.array(py_seeds), m, tol, max_iter)
    dc = np.abs(np.array(centres) - C).max()
    dj = abs(obj - J) / max(1.0, J)
    ds = np.abs(np.array(sizes) - nsizes).max()
    # memberships of every point against the fitted centres
    cur.execute("SELECT id, fcm_membership(v, %s::float8[], %s), fcm_segment(v, %s::float8[]) FROM _fcm_pts ORDER BY id",
                ("{" + ",".join("{" + ",".join(repr(x) for x in r) + "}" for r in centres) + "}", m,
                 "{" + ",".join("{" + ",".join(repr(x) for x in r) + "}" for r in centres) + "}"))
    got = cur.fetchall()
    U, _ = memberships(X, np.array(centres), m)
    du = max(np.abs(np.array(u) - U[i]).max() for i, u, _ in got)
    seg_ok = all(s - 1 == int(np.argmax(U[i])) or U[i][s - 1] == U[i].max() for i, _, s in got)
    ok = its == nits and conv == nconv and dc < 1e-9 and dj < 1e-9 and ds < 1e-7 and du < 1e-12 and seg_ok
    print("%s %s: n=%d, k=%d, m=%g: %d iterations (numpy %d), converged %s; largest difference of a centre "
          "coordinate %.1e, objective (relative) %.1e, size %.1e, membership %.1e; segments = argmax %s"
          % ("ok  " if ok else "FAIL", name, len(X), k, m, its, nits, conv, dc, dj, ds, du, seg_ok))
    return ok


def main():
    conn = psycopg2.connect("")
    conn.autocommit = True
    cur = conn.cursor()
    cur.execute("SET search_path = public, complaint_tier")
    cur.execute("CREATE TEMP TABLE _fcm_pts (id int, v float8[])")
    rng = np.random.default_rng(7)
    ok = True
    blobs = np.vstack([rng.normal(loc, 0.08, (200, 2)) for loc in ([0.2, 0.2], [0.8, 0.3], [0.5, 0.8])])
    ok &= check(cur, "three blobs", blobs, 3, 2.0)
    ok &= check(cur, "three blobs", blobs, 4, 1.5)
    ok &= check(cur, "three blobs", blobs, 2, 3.0, seed=42)
    try:
        from sklearn.datasets import load_iris
        iris = load_iris().data
        ok &= check(cur, "Iris (Fisher 1936)", iris, 3, 2.0)
    except ImportError:
        print("skip Iris: scikit-learn is not installed")
    grid = np.round(rng.random((500, 3)) * 4) / 4          # many duplicates
    ok &= check(cur, "grid with duplicates", grid, 5, 2.0)
    few = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]] * 10)
    ok &= check(cur, "k = distinct points", few, 3, 2.0)
    print("fcm_check: %s" % ("all agree" if ok else "MISMATCH"))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
