#!/usr/bin/python3
"""test/bench/bench_baselines_numpy.py: the export-compute-import baseline of
test/bench/bench_baselines.sh, for the full output of evaluate().

    /usr/bin/python3 test/bench/bench_baselines_numpy.py MODEL TABLE RESULT

Connects with the libpq environment (PGHOST, PGPORT, ...) and, timed end to
end: reads MODEL's active version, rules and classifications
(bench_baselines_gen.load, the same reading as the SQL and PL/pgSQL
baselines), copies TABLE out (COPY ... TO STDOUT, CSV), computes with numpy
and pandas every column evaluate() returns (normalisation with log1p,
dimension scores, weighted sum, TOPSIS, grey relational, VIKOR, each
method's percentile among its 1,001 quantiles, mean percentile, tier,
dimension tiers, the classifications and the rules, whose conditions are
compiled by the small three-valued rule-language evaluator below), copies
(key, every column of complaint_tier.evaluation) into a new table RESULT
(COPY ... FROM STDIN, CSV) and commits.

Prints one line: total_ms copy_out_ms compute_ms copy_in_ms rows, then
compute_ms split in two: parsing + numpy up to the rules' fired patterns,
and forming the text arrays and the CSV for COPY.
The floating-point operations are those of src/core in the same order.
"""
import io
import os
import re
import sys
import time

import numpy as np
import pandas as pd
import psycopg2

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_baselines_gen import NQ, load  # noqa: E402


# --- the rule language (doc/rules.md) over numpy arrays, three-valued -------
# A value is (kind, val, null): kind 'num', 'text' or 'bool'; val an array
# (or scalar) with nulls filled; null a boolean array (or scalar).
TOKEN = re.compile(r"\s*(?:(<=|>=|<>|!=|[=<>(),])|('(?:[^']|'')*')|(\"(?:[^\"]|\"\")*\")|"
                   r"(-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*))")


def tokenize(src):
    out, pos = [], 0
    src = src.rstrip()
    while pos < len(src):
        m = TOKEN.match(src, pos)
        if not m:
            raise SystemExit("cannot tokenize rule condition %r at %d" % (src, pos))
        pos = m.end()
        op, s, qi, num, word = m.groups()
        if op:
            out.append(("op", "<>" if op == "!=" else op))
        elif s:
            out.append(("str", s[1:-1].replace("''", "'")))
        elif qi:
            out.append(("var", qi[1:-1].replace('""', '"')))
        elif num:
            out.append(("num", float(num)))
        else:
            w = word.lower()
            if w in ("and", "or", "not", "in", "between", "is", "null", "true", "false", "unknown"):
                out.append(("kw", w))
            else:
                out.append(("var", w))
    return out


def tf(x):
    """(true mask, false mask) of a boolean value"""
    kind, val, null = x
    if kind != "bool":
        raise SystemExit("rule operand is not boolean")
    val, null = np.asarray(val, bool), np.asarray(null, bool)
    return val & ~null, ~val & ~null


def from_tf(t, f):
    return ("bool", t, ~(t | f))


class Cond:
    def __init__(self, src, env, n):
        self.t = tokenize(src)
        self.i = 0
        self.env = env
        self.n = n

    def peek(self, *want):
        if self.i < len(self.t) and self.t[self.i] in want:
            return self.t[self.i]
        return None

    def take(self, *want):
        tok = self.peek(*want)
        if tok:
            self.i += 1
        return tok

    def run(self):
        x = self.expr()
        if self.i != len(self.t):
            raise SystemExit("trailing tokens in rule condition")
        t, f = tf(x)
        return np.broadcast_to(t, (self.n,))

    def expr(self):
        x = self.and_()
        while self.take(("kw", "or")):
            (at, af), (bt, bf) = tf(x), tf(self.and_())
            x = from_tf(at | bt, af & bf)
        return x

    def and_(self):
        x = self.not_()
        while self.take(("kw", "and")):
            (at, af), (bt, bf) = tf(x), tf(self.not_())
            x = from_tf(at & bt, af | bf)
        return x

    def not_(self):
        if self.take(("kw", "not")):
            t, f = tf(self.not_())
            return from_tf(f, t)
        return self.pred()

    def pred(self):
        x = self.is_()
        tok = self.peek(*[("op", o) for o in ("=", "<>", "<", "<=", ">", ">=")])
        if tok:
            self.i += 1
            return compare(tok[1], x, self.is_())
        neg = False
        if self.peek(("kw", "not")) and self.i + 1 < len(self.t) and self.t[self.i + 1] in (("kw", "in"), ("kw", "between")):
            self.i += 1
            neg = True
        if self.take(("kw", "in")):
            self.take(("op", "("))
            lits = [self.primary()]
            while self.take(("op", ",")):
                lits.append(self.primary())
            self.take(("op", ")"))
            t = np.zeros(self.n, bool)
            anynull = False
            for lit in lits:
                ct, cf = tf(compare("=", x, lit))
                t = t | ct
                anynull = anynull or bool(np.all(lit[2]))
            f = ~t & ~np.broadcast_to(x[2], (self.n,))
            if anynull:
                f = np.zeros(self.n, bool)
            r = from_tf(t, f)
        elif self.take(("kw", "between")):
            lo = self.is_()
            self.take(("kw", "and"))
            hi = self.is_()
            (at, af), (bt, bf) = tf(compare(">=", x, lo)), tf(compare("<=", x, hi))
            r = from_tf(at & bt, af | bf)
        else:
            return x
        if neg:
            t, f = tf(r)
            r = from_tf(f, t)
        return r

    def is_(self):
        x = self.primary()
        while self.take(("kw", "is")):
            neg = bool(self.take(("kw", "not")))
            what = self.t[self.i][1]
            self.i += 1
            null = np.broadcast_to(x[2], (self.n,))
            if what == "null":
                r = null.copy()
            else:
                t, f = tf(x)
                r = {"true": t, "false": f, "unknown": null}[what]
                r = np.broadcast_to(r, (self.n,))
            if neg:
                r = ~r
            x = ("bool", r, np.zeros(self.n, bool))
        return x

    def primary(self):
        kind, v = self.t[self.i]
        self.i += 1
        if kind == "op" and v == "(":
            x = self.expr()
            self.take(("op", ")"))
            return x
        if kind == "num":
            return ("num", v, False)
        if kind == "str":
            return ("text", v, False)
        if kind == "kw" and v in ("true", "false"):
            return ("bool", v == "true", False)
        if kind == "kw" and v == "null":
            return (None, 0, True)
        if kind == "var":
            if v not in self.env:
                raise SystemExit("unknown variable %s in rule condition" % v)
            return self.env[v]
        raise SystemExit("unexpected token %r in rule condition" % (v,))


def compare(op, a, b):
    null = np.logical_or(a[2], b[2])
    if a[0] is not None and b[0] is not None and a[0] != b[0]:
        raise SystemExit("cannot compare %s with %s" % (a[0], b[0]))
    x, y = a[1], b[1]
    if op == "=":
        r = x == y
    elif op == "<>":
        r = x != y
    elif op == "<":
        r = x < y
    elif op == "<=":
        r = x <= y
    elif op == ">":
        r = x > y
    else:
        r = x >= y
    return ("bool", np.asarray(r, bool) & ~null, null)


def text_value(arr):
    """an object array of str/None as a rule value"""
    null = pd.isna(arr)
    return ("text", np.where(null, "", arr).astype(object), np.asarray(null, bool))


def text_array(cols):
    """per row the PostgreSQL text[] literal of the columns (object arrays, None = NULL)"""
    def el(c):
        s = pd.Series(c, dtype=object)
        quoted = '"' + s.str.replace("\\", "\\\\", regex=False).str.replace('"', '\\"', regex=False) + '"'
        return quoted.where(s.notna(), "NULL")
    out = "{" + el(cols[0])
    for c in cols[1:]:
        out = out + "," + el(c)
    return (out + "}").to_numpy()


def main():
    model, table, result = sys.argv[1:4]
    t0 = time.perf_counter()
    v, rules, cols, classes = load(model, table)
    key = v["key"] or "customer_id"
    conn = psycopg2.connect("")
    cur = conn.cursor()
    buf = io.BytesIO()
    cur.copy_expert("COPY %s TO STDOUT WITH (FORMAT csv)" % table, buf)
    t1 = time.perf_counter()

    # --- parse ---------------------------------------------------------------
    buf.seek(0)
    names = list(cols)
    int_types = ("smallint", "integer", "bigint")
    num_types = int_types + ("real", "double precision", "numeric")
    df = pd.read_csv(buf, header=None, names=names, keep_default_na=False, na_values=[""],
                     dtype={c: ("Int64" if cols[c] in int_types else float if cols[c] in num_types else object)
                            for c in names})
    n = len(df)
    env = {}
    for c in names:
        if cols[c] in num_types:
            x = df[c].astype("float64").to_numpy()
            env[c] = ("num", np.nan_to_num(x), np.isnan(x))
        elif cols[c] == "boolean":
            x = df[c].to_numpy(object)
            null = np.asarray(pd.isna(x), bool)
            env[c] = ("bool", x == "t", null)
        else:
            env[c] = text_value(df[c].to_numpy(object))

    # --- normalisation ---------------------------------------------------------
    n_ind = len(v["ind_name"])
    vals = []
    for j in range(n_ind):
        col = v["ind_column"][j]
        cost = v["ind_direction"][j] == 1
        if v["ind_kind"][j] == 1:
            s0, k = v["ind_level_start"][j], v["ind_level_count"][j]
            m = {v["levels"][s0 + i]: (1.0 - v["level_scores"][s0 + i] if cost else v["level_scores"][s0 + i])
                 for i in range(k)}
            x = df[col].map(m).to_numpy(float)
        else:
            lo, hi = v["ind_lo"][j], v["ind_hi"][j]
            x = df[col].astype("float64").to_numpy()
            if v["ind_transform"][j] == 1:
                x = np.log1p(x)
            with np.errstate(invalid="ignore", divide="ignore"):
                t = np.clip((x * 0.5 - lo * 0.5) / (hi * 0.5 - lo * 0.5), 0.0, 1.0)
            t = np.where((x <= lo) & (x < hi), 0.0, np.where(x >= hi, 1.0, t))
            if cost:
                t = np.where((lo == hi) & (x == lo), 1.0, 1.0 - t)
            x = np.where(np.isnan(x), np.nan, t)
        vals.append(np.where(np.isnan(x), v["ind_impute"][j], x))

    # --- dimension scores, methods ----------------------------------------------
    dims = v["dim_names"]
    gw, w = v["ind_global_weight"], v["ind_weight"]
    dim_acc = [np.zeros(n) for _ in dims]
    wsum_dim = [0.0] * len(dims)
    present = [False] * len(dims)
    ws = np.zeros(n)
    for j in range(n_ind):
        d = v["ind_dimension"][j]
        dim_acc[d] = dim_acc[d] + w[j] * vals[j]
        ws = ws + gw[j] * vals[j]
        wsum_dim[d] += w[j]
        present[d] = True
    dim_score = []
    for d in range(len(dims)):
        if not present[d]:
            dim_score.append(np.full(n, np.nan))
        else:
            s = dim_acc[d] / wsum_dim[d] if wsum_dim[d] > 0 else np.zeros(n)
            dim_score.append(np.clip(s, 0.0, 1.0))
    active = [j for j in range(n_ind) if gw[j] > 0]
    ideal, anti = v["ind_ideal"], v["ind_anti_ideal"]
    mscore = {}
    for meth in v["methods"]:
        if meth == "weighted_sum":
            mscore[meth] = ws
        elif meth == "topsis":
            sp, sn = np.zeros(n), np.zeros(n)
            for j in active:
                tp = gw[j] * (vals[j] - ideal[j])
                tn = gw[j] * (vals[j] - anti[j])
                sp = sp + tp * tp
                sn = sn + tn * tn
            dp, dn = np.sqrt(sp), np.sqrt(sn)
            with np.errstate(invalid="ignore", divide="ignore"):
                mscore[meth] = np.where(dp == 0.0, 1.0, dn / (dp + dn))
        elif meth == "grey_relational":
            rd = v["grey_rho"] * v["grey_delta_max"]
            num = v["grey_delta_min"] + rd
            wsum = 0.0
            for j in active:
                wsum += gw[j]
            acc = np.zeros(n)
            for j in active:
                acc = acc + (gw[j] / wsum) * (num / (np.abs(ideal[j] - vals[j]) + rd))
            mscore[meth] = acc
        elif meth == "vikor":
            s, r = np.zeros(n), np.full(n, -np.inf)
            for j in range(n_ind):
                d = np.zeros(n)
                if gw[j] != 0.0 and ideal[j] != anti[j]:
                    d = gw[j] * ((ideal[j] - vals[j]) / (ideal[j] - anti[j]))
                s = s + d
                r = np.maximum(r, d)
            sb, sw, rb, rw, vv = (v["vikor_s_best"], v["vikor_s_worst"], v["vikor_r_best"],
                                  v["vikor_r_worst"], v["vikor_v"])
            ts = (s - sb) / (sw - sb) if sw != sb else np.zeros(n)
            tr = (r - rb) / (rw - rb) if rw != rb else np.zeros(n)
            out = np.zeros(n)
            if vv != 0.0:
                out = out + vv * ts
            if vv != 1.0:
                out = out + (1.0 - vv) * tr
            mscore[meth] = 1.0 - out

    # --- percentiles, score, tiers --------------------------------------------------
    total = np.zeros(n)
    for k, meth in enumerate(v["methods"]):
        q = np.asarray(v["quantiles"][k * NQ:(k + 1) * NQ])
        x = mscore[meth]
        a = np.searchsorted(q, x, "left")
        b = np.searchsorted(q, x, "right")
        ac = np.clip(a, 1, NQ - 1)
        with np.errstate(invalid="ignore", divide="ignore"):
            interp = ((ac - 1) + (x - q[ac - 1]) / (q[ac] - q[ac - 1])) / (NQ - 1)
        p = np.where(a < b, ((a + b - 1) / 2.0) / (NQ - 1), interp)
        p = np.where(x < q[0], 0.0, np.where(x > q[-1], 1.0, p))
        total = total + p
    if v["combine"] == "mean_percentile":
        score = total / len(v["methods"])
    else:
        score = np.clip(mscore[v["combine"]], 0.0, 1.0)
    tier_labels = np.asarray(v["tier_labels"], object)
    tier = tier_labels[np.searchsorted(np.asarray(v["tier_cuts"]), score, "right")]
    env["score"] = ("num", score, np.zeros(n, bool))
    env["tier"] = ("text", tier, np.zeros(n, bool))
    dim_tier = []
    coff = loff = 0
    for d, name in enumerate(dims):
        k = (v["dim_tier_count"] or [0] * len(dims))[d]
        env[name + "_score"] = ("num", np.nan_to_num(dim_score[d]), np.isnan(dim_score[d]))
        if k > 0 and present[d]:
            labels = np.asarray(v["dim_tier_labels"][loff:loff + k], object)
            cuts = np.asarray(v["dim_tier_cuts"][coff:coff + k - 1])
            dim_tier.append(labels[np.searchsorted(cuts, dim_score[d], "right")])
        else:
            dim_tier.append(np.full(n, None, object))
        loff += k
        coff += max(k - 1, 0)
        env[name + "_tier"] = text_value(dim_tier[-1])

    # --- classifications, then the rules -----------------------------------------------
    class_label = []
    for cl in classes:
        lab = np.full(n, None, object)
        done = np.zeros(n, bool)
        if cl["reads"]:
            unknown = np.ones(n, bool)
            for r in cl["reads"]:
                unknown &= np.broadcast_to(env[r][2], (n,))
            done |= unknown
        for cond, label in zip(cl["conds"], cl["labels"]):
            hit = Cond(cond, env, n).run() & ~done
            lab[hit] = label
            done |= hit
        class_label.append(lab)
        env[cl["name"]] = text_value(lab)
    contrib = []
    for i, r in enumerate(rules):
        f = Cond(r["cond"], env, n).run().copy()
        if r["suspension_type"] and "vulnerable" in env:
            f &= ~(env["vulnerable"][1] & ~env["vulnerable"][2])
        if r["offer"] and "porting_requested" in env:
            f &= ~(env["porting_requested"][1] & ~env["porting_requested"][2])
        contrib.append(f)
    fired = []
    for i, r in enumerate(rules):
        c = contrib[i].copy()
        for k in range(i):
            if rules[k]["strategy"] == r["strategy"]:
                c &= ~contrib[k]
        fired.append(c)
    # strategies and reasons per distinct pattern of fired rules
    pattern = np.zeros(n, np.int64)
    for i, c in enumerate(fired):
        pattern |= c.astype(np.int64) << i
    uniq, inv = np.unique(pattern, return_inverse=True)
    t_num = time.perf_counter()

    def arr_lit(xs):
        return "{" + ",".join('"%s"' % x.replace("\\", "\\\\").replace('"', '\\"') for x in xs) + "}"
    strat_u, reason_u, rp_u, rc_u = [], [], [], []
    for pat in uniq:
        on = [r for i, r in enumerate(rules) if (int(pat) >> i) & 1]
        strat_u.append(arr_lit([r["strategy"] for r in on]))
        reason_u.append(arr_lit(["rule %s v%d: %s" % (r["id"], r["version"], r["cond"]) for r in on]))
        rps = [r["routing_priority"] for r in on if r["routing_priority"]]
        rcs = [r["refund_ceiling"] for r in on if r["refund_ceiling"] is not None]
        rp_u.append(min(rps) if rps else None)
        rc_u.append(max(rcs) if rcs else None)
    out = pd.DataFrame({
        key: df[key],
        "model": model, "version": v["version"], "score": score, "tier": tier,
        "dimension_names": arr_lit(dims),
        "dimension_scores": ("{" + pd.Series(dim_score[0]).map(repr)
                             .str.cat([pd.Series(s).map(repr) for s in dim_score[1:]], sep=",") + "}").to_numpy(),
        "dimension_tiers": text_array(dim_tier),
        "class_names": arr_lit(v["class_names"]),
        "class_labels": text_array(class_label),
        "strategies": np.asarray(strat_u, object)[inv],
        "reasons": np.asarray(reason_u, object)[inv],
        "routing_priority": pd.array(np.asarray(rp_u, object)[inv], dtype="Int64"),
        "refund_ceiling": np.asarray([np.nan if x is None else x for x in rc_u])[inv],
    })
    csv = io.StringIO()
    out.to_csv(csv, header=False, index=False, float_format=None)
    csv.seek(0)
    t2 = time.perf_counter()

    cur.execute("CREATE TABLE %s AS SELECT 0::bigint AS %s, (NULL::complaint_tier.evaluation).* WITH NO DATA"
                % (result, key))
    cur.copy_expert("COPY %s (%s, model, version, score, tier, dimension_names, dimension_scores, dimension_tiers, "
                    "class_names, class_labels, strategies, reasons, routing_priority, refund_ceiling) "
                    "FROM STDIN WITH (FORMAT csv)" % (result, key), csv)
    conn.commit()
    t3 = time.perf_counter()
    print("%.3f %.3f %.3f %.3f %d %.3f %.3f" % ((t3 - t0) * 1000, (t1 - t0) * 1000, (t2 - t1) * 1000, (t3 - t2) * 1000,
                                             n, (t_num - t1) * 1000, (t2 - t_num) * 1000))


if __name__ == "__main__":
    main()
