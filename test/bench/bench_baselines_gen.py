#!/usr/bin/python3
"""test/bench/bench_baselines_gen.py: generate the fair baselines of
test/bench/bench_baselines.sh from a fitted model version.

    /usr/bin/python3 test/bench/bench_baselines_gen.py MODEL TABLE OUTDIR

Connects with the libpq environment (PGHOST, PGPORT, ...), reads MODEL's
active version from complaint_tier.model_version, its rules in force from
complaint_tier.rules / strategies and TABLE's column types, and writes

  OUTDIR/hand.sql     CREATE VIEW bl_hand: one SQL query computing, for every
                      row of TABLE, what evaluate(MODEL, row) returns (model,
                      version, score, tier, dimension names, scores and
                      tiers, class names and labels, strategies, reasons,
                      routing priority, refund ceiling) plus the key
  OUTDIR/plpgsql.sql  CREATE FUNCTION bl_plpgsql(TABLE) RETURNS
                      complaint_tier.evaluation: the same per row in PL/pgSQL

Every constant comes from the fitted version (nothing is typed by hand):
ranges, level scores, fitted defaults, within-dimension and global weights,
ideal and anti-ideal, grey and VIKOR parameters, the 1,001 quantiles of each
method, tier cuts, dimension tier cuts, the classification conditions and
the rules (their conditions are SQL as they stand: the rule language is a
subset of SQL's boolean expressions, and the layers below give every
model variable a column or variable of its own name).

The arithmetic follows doc/model.md and src/core (ct_normalize, the kernels
of ct_mcdm_kernel.h, ct_percentile, ct_tier_index, ct_rules_apply) in the
same order, except that SQL has no log1p: ln(1 + x) is used, which can
differ from log1p in the last bits.  Supported: quantitative benefit/cost
indicators (none / log transform), qualitative indicators, methods
weighted_sum, topsis, grey_relational and vikor, combine mean_percentile or
one method's score.  Anything else (target directions, fuzzy, dea, the
probability combination, fuzzy segments, a remedy_model row) makes the
generator stop with a message rather than produce something that differs:
the shipped model needs none of them.  Not generated either: the valid
domains and min_coverage (rows with too little known weight get an error in
evaluate), which every row of sample_customers passes.
"""
import json
import os
import subprocess
import sys

NQ = 1001


def psql_json(query):
    out = subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-c", query],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def lit(x):
    """a float8 literal that reads back as the same double"""
    r = repr(float(x))
    if r in ("inf", "-inf", "nan"):
        raise SystemExit("non-finite constant %s in the fitted version" % r)
    return "float8 '%s'" % r


def q(s):
    return "'" + s.replace("'", "''") + "'"


def ident(s):
    if s.isidentifier() and s.islower() and s.isascii():
        return s
    return '"' + s.replace('"', '""') + '"'


def arr_lit(xs):
    return "'{" + ",".join(repr(float(x)) for x in xs) + "}'::float8[]"


def load(model, table):
    """the active version of model, its rules in force, its classifications
    and table's column types; stops on what the generators do not support"""
    v = psql_json(
        "SELECT row_to_json(mv) FROM complaint_tier.model_version mv "
        "JOIN complaint_tier.active_version a USING (model, version) WHERE mv.model = %s" % q(model))
    m = psql_json("SELECT row_to_json(m) FROM complaint_tier.model m WHERE name = %s" % q(model))
    rules = psql_json(
        "SELECT coalesce(json_agg(x ORDER BY x.priority, x.id), '[]') FROM ("
        " SELECT r.id, r.priority, r.version, r.strategy, r.routing_priority,"
        "        complaint_tier.rule_check(r.condition) AS cond,"
        "        s.refund_ceiling, s.suspension_type, s.offer"
        " FROM complaint_tier.rules r JOIN complaint_tier.strategies s ON s.code = r.strategy"
        " WHERE r.model = %s AND r.enabled"
        "   AND (r.valid_from IS NULL OR r.valid_from <= transaction_timestamp())"
        "   AND (r.valid_to IS NULL OR transaction_timestamp() < r.valid_to)"
        "   AND (NOT r.demographic OR %s)) x" % (q(model), "true" if m.get("demographic_rules") else "false"))
    cols = psql_json(
        "SELECT json_object_agg(attname, format_type(atttypid, atttypmod) ORDER BY attnum) FROM pg_attribute "
        "WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped" % q(table))
    remedy = psql_json("SELECT count(*) FROM complaint_tier.remedy_model WHERE model = %s" % q(model))

    # --- what the generators support
    if remedy:
        raise SystemExit("a remedy_model row (remedy text in reasons) is not generated")
    if v.get("segments"):
        raise SystemExit("fuzzy segments are not generated")
    for d in v["ind_direction"]:
        if d not in (0, 1):
            raise SystemExit("target directions are not generated")
    methods = v["methods"]
    for meth in methods:
        if meth not in ("weighted_sum", "topsis", "grey_relational", "vikor"):
            raise SystemExit("method %s is not generated" % meth)
    if v["combine"] != "mean_percentile" and v["combine"] not in methods:
        raise SystemExit("combine %s is not generated" % v["combine"])
    classes = []
    off = 0
    for c, cname in enumerate(v["class_names"]):
        k = v["class_count"][c]
        conds = v["class_conditions"][off:off + k]
        arr = "ARRAY[" + ",".join(q(x) for x in conds) + "]::text[]"
        classes.append({
            "name": cname, "labels": v["class_labels"][off:off + k],
            "reads": psql_json("SELECT to_json(array(SELECT DISTINCT x FROM unnest(%s) c, "
                               "unnest(complaint_tier.rule_variables(c)) x ORDER BY 1))" % arr),
            "conds": psql_json("SELECT to_json(array(SELECT complaint_tier.rule_check(c) "
                               "FROM unnest(%s) WITH ORDINALITY u(c, i) ORDER BY i))" % arr)})
        off += k
    return v, rules, cols, classes


def main():
    model, table, outdir = sys.argv[1:4]
    # BL_FENCE=0: no fence between the layers (the planner pastes them together)
    fence = " OFFSET '0'" if os.environ.get("BL_FENCE", "1") == "1" else ""
    v, rules, cols, classes = load(model, table)
    methods = v["methods"]
    key = v["key"] or "customer_id"

    n_ind = len(v["ind_name"])
    dims = v["dim_names"]
    gw = v["ind_global_weight"]
    active = [j for j in range(n_ind) if gw[j] > 0]
    ideal, anti = v["ind_ideal"], v["ind_anti_ideal"]

    # --- layer 1: the normalised indicators v_j ------------------------------
    norm = []
    for j in range(n_ind):
        col = ident(v["ind_column"][j])
        cost = v["ind_direction"][j] == 1
        if v["ind_kind"][j] == 1:
            s0, k = v["ind_level_start"][j], v["ind_level_count"][j]
            whens = "".join(" WHEN %s THEN %s" % (q(v["levels"][s0 + i]),
                                                  lit(1.0 - v["level_scores"][s0 + i] if cost
                                                      else v["level_scores"][s0 + i]))
                            for i in range(k))
            e = "CASE %s%s END" % (col, whens)
        else:
            lo, hi = v["ind_lo"][j], v["ind_hi"][j]
            x = "ln(1 + %s)" % col if v["ind_transform"][j] == 1 else "%s::float8" % col
            t = ("CASE WHEN {x} <= {lo} AND {x} < {hi} THEN 0::float8 WHEN {x} >= {hi} THEN 1::float8 "
                 "ELSE greatest(0::float8, least(1::float8, ({x} * 0.5 - {lo5}) / {den})) END").format(
                x=x, lo=lit(lo), hi=lit(hi), lo5=lit(lo * 0.5), den=lit(hi * 0.5 - lo * 0.5))
            if cost:
                e = "1 - %s" % t if lo != hi else "CASE WHEN %s = %s THEN 1::float8 ELSE 1 - %s END" % (x, lit(lo), t)
            else:
                e = t
        norm.append(("v_%d" % (j + 1), "coalesce(%s, %s)" % (e, lit(v["ind_impute"][j]))))

    # --- layer 2: dimension scores and the methods' raw scores ----------------
    layer2 = []
    wsum_dim = [0.0] * len(dims)
    present = [False] * len(dims)
    for j in range(n_ind):
        wsum_dim[v["ind_dimension"][j]] += v["ind_weight"][j]
        present[v["ind_dimension"][j]] = True
    for d, name in enumerate(dims):
        terms = [j for j in range(n_ind) if v["ind_dimension"][j] == d]
        if not present[d]:
            layer2.append((name + "_score", "NULL::float8"))
            continue
        acc = "(" + " + ".join("%s * v_%d" % (lit(v["ind_weight"][j]), j + 1) for j in terms) + ")"
        s = "%s / %s" % (acc, lit(wsum_dim[d])) if wsum_dim[d] > 0 else "0::float8"
        layer2.append((name + "_score", "greatest(0::float8, least(1::float8, %s))" % s))
    if "weighted_sum" in methods:
        layer2.append(("m_weighted_sum", "(" + " + ".join("%s * v_%d" % (lit(gw[j]), j + 1)
                                                          for j in range(n_ind)) + ")"))
    if "topsis" in methods:
        layer2.append(("t_pos", "sqrt(" + " + ".join("(%s * (v_%d - %s))^2" % (lit(gw[j]), j + 1, lit(ideal[j]))
                                                  for j in active) + ")"))
        layer2.append(("t_neg", "sqrt(" + " + ".join("(%s * (v_%d - %s))^2" % (lit(gw[j]), j + 1, lit(anti[j]))
                                                  for j in active) + ")"))
    if "grey_relational" in methods:
        rho, dmin, dmax = v["grey_rho"], v["grey_delta_min"], v["grey_delta_max"]
        if not (0 < rho <= 1 and 2.0 ** -400 <= dmax <= 2.0 ** 400 and 0 <= dmin <= dmax):
            raise SystemExit("grey parameters outside the unscaled range are not generated")
        rd = rho * dmax
        num = dmin + rd
        wsum = 0.0
        for j in active:
            wsum += gw[j]
        layer2.append(("m_grey_relational", "(" + " + ".join(
            "%s * (%s / (abs(%s - v_%d) + %s))" % (lit(gw[j] / wsum), lit(num), lit(ideal[j]), j + 1, lit(rd))
            for j in active) + ")"))
    if "vikor" in methods:
        ds = []
        for j in range(n_ind):
            if gw[j] != 0 and ideal[j] != anti[j]:
                ds.append("%s * ((%s - v_%d) / %s)" % (lit(gw[j]), lit(ideal[j]), j + 1, lit(ideal[j] - anti[j])))
            else:
                ds.append("0::float8")
        layer2.append(("vk_s", "(" + " + ".join(ds) + ")"))
        layer2.append(("vk_r", "greatest(" + ", ".join(ds) + ")"))

    # --- layer 3: method scores (TOPSIS closeness, 1 - Q) --------------------
    layer3 = []
    mexpr = {}
    for meth in methods:
        if meth == "topsis":
            mexpr[meth] = "CASE WHEN t_pos = 0 THEN 1::float8 ELSE t_neg / (t_pos + t_neg) END"
        elif meth == "vikor":
            sb, sw, rb, rw, vv = (v["vikor_s_best"], v["vikor_s_worst"], v["vikor_r_best"],
                                  v["vikor_r_worst"], v["vikor_v"])
            terms = []
            if vv != 0:
                terms.append("%s * %s" % (lit(vv), "((vk_s - %s) / %s)" % (lit(sb), lit(sw - sb)) if sw != sb else "0::float8"))
            if vv != 1:
                terms.append("%s * %s" % (lit(1 - vv), "((vk_r - %s) / %s)" % (lit(rb), lit(rw - rb)) if rw != rb else "0::float8"))
            mexpr[meth] = "1 - (0::float8 + %s)" % " + ".join(terms)
        else:
            mexpr[meth] = "m_" + meth
        if meth in ("topsis", "vikor"):
            layer3.append(("m_" + meth, mexpr[meth]))

    # --- layer 4: each method's position among its 1,001 quantiles -----------
    qs = v["quantiles"]
    qarr = {meth: arr_lit(qs[k * NQ:(k + 1) * NQ]) for k, meth in enumerate(methods)}
    layer4 = [("b_" + meth, "width_bucket(m_%s, %s)" % (meth, qarr[meth])) for meth in methods]

    def pct(meth):
        x, b, Q = "m_" + meth, "b_" + meth, qarr[meth]
        return ("(CASE WHEN {x} < ({Q})[1] THEN 0::float8 WHEN {x} > ({Q})[{n}] THEN 1::float8 "
                "WHEN ({Q})[{b}] = {x} THEN ((array_position({Q}, {x}) + {b} - 2)::float8 / 2.0) / {d} "
                "ELSE (({b} - 1)::float8 + ({x} - ({Q})[{b}]) / (({Q})[{b} + 1] - ({Q})[{b}])) / {d} END)"
                ).format(x=x, b=b, Q=Q, n=NQ, d=lit(NQ - 1))

    # --- layer 5: score, dimension tiers -------------------------------------
    if v["combine"] == "mean_percentile":
        score = "(" + " + ".join(pct(meth) for meth in methods) + ") / %d" % len(methods)
    else:
        score = "greatest(0::float8, least(1::float8, m_%s))" % v["combine"]
    layer5 = [("score", score)]
    # dim_tier_cuts holds k - 1 cuts per dimension with a scheme
    coff = 0
    loff = 0
    for d, name in enumerate(dims):
        k = (v["dim_tier_count"] or [0] * len(dims))[d]
        if k > 0:
            labels = v["dim_tier_labels"][loff:loff + k]
            cuts = v["dim_tier_cuts"][coff:coff + k - 1]
            expr = "(%s::text[])[width_bucket(%s_score, %s) + 1]" % (
                "'{" + ",".join('"%s"' % s.replace('"', '\\"') for s in labels) + "}'", name, arr_lit(cuts))
            if not present[d]:
                expr = "NULL::text"
            layer5.append((name + "_tier", expr))
            loff += k
            coff += k - 1
        else:
            layer5.append((name + "_tier", "NULL::text"))
    tier_labels = "'{" + ",".join('"%s"' % s for s in v["tier_labels"]) + "}'::text[]"
    layer6 = [("tier", "(%s)[width_bucket(score, %s) + 1]" % (tier_labels, arr_lit(v["tier_cuts"])))]

    # --- layers 7..: classifications, in order -------------------------------
    class_layers = []
    lab_off = 0
    for c, cname in enumerate(v["class_names"]):
        k = v["class_count"][c]
        labels = v["class_labels"][lab_off:lab_off + k]
        lab_off += k
        reads, norm_conds = classes[c]["reads"], classes[c]["conds"]
        whens = "".join(" WHEN %s THEN %s" % (cond, q(lab)) for cond, lab in zip(norm_conds, labels))
        known = " AND ".join("%s IS NULL" % ident(r) for r in reads)
        expr = "CASE%s%s END" % (" WHEN %s THEN NULL::text" % known if known else "", whens)
        class_layers.append([(cname, expr)])

    # --- rules: each fired rule's contribution -------------------------------
    rule_flags = []
    for i, r in enumerate(rules):
        guard = ""
        if r["suspension_type"] and "vulnerable" in cols:
            guard += "vulnerable IS NOT TRUE AND "
        if r["offer"] and "porting_requested" in cols:
            guard += "porting_requested IS NOT TRUE AND "
        rule_flags.append(("f_%d" % (i + 1), "%s(%s) IS TRUE" % (guard, r["cond"])))
    contrib = []
    for i, r in enumerate(rules):
        earlier = ["f_%d" % (k + 1) for k in range(i) if rules[k]["strategy"] == r["strategy"]]
        contrib.append("f_%d" % (i + 1) + "".join(" AND NOT %s" % e for e in earlier))
    reason = ["rule %s v%d: %s" % (r["id"], r["version"], r["cond"]) for r in rules]
    strategies = "array_remove(ARRAY[%s]::text[], NULL)" % ", ".join(
        "CASE WHEN %s THEN %s END" % (c, q(r["strategy"])) for c, r in zip(contrib, rules)) if rules else "'{}'::text[]"
    reasons = "array_remove(ARRAY[%s]::text[], NULL)" % ", ".join(
        "CASE WHEN %s THEN %s END" % (c, q(t)) for c, t in zip(contrib, reason)) if rules else "'{}'::text[]"
    rp = ["CASE WHEN %s THEN %d END" % (c, r["routing_priority"]) for c, r in zip(contrib, rules) if r["routing_priority"]]
    rc = ["CASE WHEN %s THEN %s END" % (c, lit(r["refund_ceiling"])) for c, r in zip(contrib, rules)
          if r["refund_ceiling"] is not None]
    routing = "least(%s)" % ", ".join(rp) if rp else "NULL::int"
    ceiling = "greatest(%s)" % ", ".join(rc) if rc else "NULL::float8"
    arr_text = lambda xs: "'{" + ",".join('"%s"' % s for s in xs) + "}'::text[]"
    final = [
        ("model", "%s::text" % q(model)), ("version", "%d" % v["version"]), ("score", "score"), ("tier", "tier"),
        ("dimension_names", arr_text(dims)),
        ("dimension_scores", "ARRAY[%s]::float8[]" % ", ".join(d + "_score" for d in dims)),
        ("dimension_tiers", "ARRAY[%s]::text[]" % ", ".join(d + "_tier" for d in dims)),
        ("class_names", arr_text(v["class_names"])),
        ("class_labels", "ARRAY[%s]::text[]" % ", ".join(ident(c) for c in v["class_names"])),
        ("strategies", strategies), ("reasons", reasons),
        ("routing_priority", routing), ("refund_ceiling", ceiling),
        ("error", "NULL::jsonb"), ("segment", "NULL::int"), ("segment_membership", "NULL::float8")]

    # --- the hand-written SQL: one layer per step, fenced with OFFSET 0 so that
    # the planner does not paste a layer's expressions into every use above ---
    layers = [layer2, layer3, layer4, layer5, layer6] + class_layers + [rule_flags]
    sql = "SELECT %s, %s, %s FROM %s c" % (
        ident(key), ", ".join(ident(cname) for cname in cols if cname != key),
        ", ".join("%s AS %s" % (e, n) for n, e in norm), table)
    for i, layer in enumerate(layers):
        if not layer:
            continue
        sql = "SELECT *, %s FROM (%s%s) l%d" % (", ".join("%s AS %s" % (e, n) for n, e in layer), sql, fence, i)
    sql = "SELECT %s, %s FROM (%s%s) lf" % (ident(key), ", ".join("%s AS %s" % (e, n) for n, e in final), sql, fence)
    with open(os.path.join(outdir, "hand.sql"), "w") as f:
        f.write("-- generated by test/bench/bench_baselines_gen.py from %s version %d\n" % (model, v["version"]))
        f.write("CREATE VIEW bl_hand AS\n%s;\n" % sql)

    # --- PL/pgSQL: the same steps as assignments to local variables -----------
    decl = []
    body = []
    for cname, ctype in cols.items():
        decl.append("%s %s := c.%s;" % (ident(cname), ctype, ident(cname)))
    for layer in [norm] + layers:
        for n, e in layer:
            if n.startswith("b_"):
                decl.append("%s int;" % n)
            elif n.startswith("f_"):
                decl.append("%s boolean;" % n)
            elif n.endswith("_tier") or n == "tier" or n in v["class_names"]:
                decl.append("%s text;" % ident(n))
            else:
                decl.append("%s float8;" % ident(n))
            body.append("%s := %s;" % (ident(n), e))
    decl.append("r complaint_tier.evaluation;")
    for n, e in final:
        body.append("r.%s := %s;" % (n, e))
    body.append("RETURN r;")
    fn = ("CREATE FUNCTION bl_plpgsql(c %s) RETURNS complaint_tier.evaluation\n"
          "LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE AS $bl$\nDECLARE\n\t%s\nBEGIN\n\t%s\nEND\n$bl$;\n"
          % (table, "\n\t".join(decl), "\n\t".join(body)))
    with open(os.path.join(outdir, "plpgsql.sql"), "w") as f:
        f.write("-- generated by test/bench/bench_baselines_gen.py from %s version %d\n" % (model, v["version"]))
        f.write(fn)


if __name__ == "__main__":
    main()
