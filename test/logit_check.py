#!/usr/bin/env python3
"""test/logit_check.py: check fit()'s weighting 'outcome' against scikit-learn.

Called by test/logit_check.sh with files exported from the database:

    logit_check.py SPEC.json VERSION.json TRAIN.csv [HOLDOUT.csv]

SPEC.json is model_spec(model) (declared directions, levels, transforms),
VERSION.json the fitted version's logit_coef, outcome_penalty and outcome,
TRAIN.csv the fitting table with the model's score per row (column
"score"), HOLDOUT.csv (optional) a held-out table scored by the same
version.  The script normalises the indicators itself from the raw columns
(min-max over the training rows, qualitative levels evenly spaced, the log
transform, cost = 1 - benefit), fits
sklearn.linear_model.LogisticRegression(C = 1 / outcome_penalty) -- which
minimises C * sum of log-losses + ||w||^2 / 2 without penalising the
intercept, the objective of fit() divided by lambda -- and compares:

  * every coefficient and the intercept, within 1e-4 (absolute);
  * the model's score (combine 'probability') with predict_proba, within 1e-6;
  * on the held-out file, roc_auc_score of the model's score and of
    sklearn's probability (reported, and equal to 1e-9 since both rank alike).

Exit status 1 when a check fails.
"""
import json
import math
import sys
import warnings

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
import csv


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def truthy(v):
    return v in ("t", "true", "True", "TRUE", "1")


def design(spec, rows, ranges=None):
    """Declared-direction normalised values, and the ranges used."""
    cols = []
    out_ranges = {}
    for ind in spec["indicators"]:
        col = ind.get("column", ind["name"])
        kind = ind.get("kind", "qualitative" if "levels" in ind else "quantitative")
        direction = ind.get("direction", "benefit")
        if direction == "target":
            raise SystemExit("logit_check.py: target indicators are not supported")
        if kind == "qualitative":
            levels = ind["levels"]
            scores = ind.get("level_scores") or (
                [1.0] if len(levels) == 1 else [i / (len(levels) - 1) for i in range(len(levels))])
            v = np.array([scores[levels.index(r[col])] for r in rows], dtype=float)
        else:
            x = np.array([float(r[col]) for r in rows], dtype=float)
            if ind.get("transform") == "log":
                x = np.log1p(x)
            if ranges is None:
                lo, hi = ind.get("range_lo"), ind.get("range_hi")
                if lo is None:
                    lo, hi = float(x.min()), float(x.max())
                elif ind.get("transform") == "log":
                    lo, hi = math.log1p(lo), math.log1p(hi)
            else:
                lo, hi = ranges[ind["name"]]
            out_ranges[ind["name"]] = (lo, hi)
            v = np.ones_like(x) if hi == lo else np.clip((x - lo) / (hi - lo), 0.0, 1.0)
        if direction == "cost":
            v = 1.0 - v
        cols.append(v)
    return np.column_stack(cols), out_ranges


def main(argv):
    if len(argv) < 4:
        print(__doc__)
        return 2
    spec = json.load(open(argv[1]))
    version = json.load(open(argv[2]))
    train = read_csv(argv[3])
    holdout = read_csv(argv[4]) if len(argv) > 4 else None
    outcome = version["outcome"]
    lam = float(version["outcome_penalty"])
    coef_db = np.array(version["logit_coef"], dtype=float)

    X, ranges = design(spec, train)
    y = np.array([truthy(r[outcome]) for r in train], dtype=int)
    varying = X.max(axis=0) - X.min(axis=0) > 1e-12
    model = LogisticRegression(C=1.0 / lam, solver="newton-cg", tol=1e-12, max_iter=100000)
    with warnings.catch_warnings():
        # at tol = 1e-12 scipy's line search reports that it cannot improve
        # any further; the coefficients are compared below regardless
        warnings.simplefilter("ignore")
        model.fit(X[:, varying], y)
    coef_sk = np.zeros(X.shape[1])
    coef_sk[varying] = model.coef_[0]
    diff = max(abs(model.intercept_[0] - coef_db[0]), float(np.max(np.abs(coef_sk - coef_db[1:]))))
    p_sk = model.predict_proba(X[:, varying])[:, 1]
    score = np.array([float(r["score"]) for r in train])
    pdiff = float(np.max(np.abs(p_sk - score)))
    ok = diff <= 1e-4 and pdiff <= 1e-6
    names = [i["name"] for i in spec["indicators"]]
    print(f"  {len(train)} rows, {y.sum()} positive, lambda = {lam:g} (sklearn C = {1.0 / lam:g}), "
          f"{int(varying.sum())} varying indicators")
    print(f"  intercept: database {coef_db[0]:+.6f}, sklearn {model.intercept_[0]:+.6f}")
    for n, a, b in zip(names, coef_db[1:], coef_sk):
        print(f"  {n:>24}: database {a:+.6f}, sklearn {b:+.6f}")
    print(f"  max |coefficient difference| = {diff:.2e} (limit 1e-4); "
          f"max |score - predict_proba| = {pdiff:.2e} (limit 1e-6): {'ok' if ok else 'FAILED'}")
    if holdout is not None:
        Xh, _ = design(spec, holdout, ranges)
        yh = np.array([truthy(r[outcome]) for r in holdout], dtype=int)
        sh = np.array([float(r["score"]) for r in holdout])
        ph = model.predict_proba(Xh[:, varying])[:, 1]
        auc_db = roc_auc_score(yh, sh)
        auc_sk = roc_auc_score(yh, ph)
        same = abs(auc_db - auc_sk) <= 1e-9
        ok = ok and same
        print(f"  held-out: {len(holdout)} rows, {yh.sum()} positive; AUC of the model's score {auc_db:.4f}, "
              f"of sklearn's probability {auc_sk:.4f} ({'equal' if same else 'DIFFERENT'})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
