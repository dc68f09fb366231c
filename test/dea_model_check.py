#!/usr/bin/python3
# Independent check of the benefit-of-the-doubt scores pinned in
# sql/model_dea.sql: scipy.optimize.linprog (HiGHS) over ALL rows of the
# fitting table (not only the frontier), with the pie-share rows
# w_j v_j <= U sum_i w_i v_i.  Run: /usr/bin/python3 test/dea_model_check.py
import numpy as np
from scipy.optimize import linprog


def bod(Y, v, U):
    m = len(v)
    A = [y for y in Y]
    b = [1.0] * len(Y)
    if U is not None and U < 1:
        for j in range(m):
            row = -U * v.copy()
            row[j] += v[j]
            A.append(row)
            b.append(0.0)
    r = linprog(-v, A_ub=np.array(A), b_ub=b, bounds=[(0, None)] * m, method='highs')
    assert r.status == 0
    return -r.fun


cases = {
    'dea_t': (np.array([[8, 2], [2, 8], [6, 6], [4, 4], [5, 1], [0, 0], [3, 5]]) / 10.0, [None, 0.6]),
    'dea3': (np.array([[10, 0, 0], [0, 10, 0], [0, 0, 10], [5, 5, 5], [8, 8, 0], [2, 6, 4]]) / 10.0, [2 / 3.0]),
}
for name, (Y, bounds) in cases.items():
    for U in bounds:
        print(name, 'max share', U, [round(bod(Y, v, U), 12) + 0.0 for v in Y])
