# test/psi_check.py: an independent computation (numpy, no PostgreSQL) of the
# PSI figures that sql/compare.sql pins: version a's bins at the distinct
# deciles above the minimum (percentile_disc), a value equal to an edge in
# the upper bin, NULLs in a bin of their own, empty shares floored at 0.0001.
# Run: /usr/bin/python3 test/psi_check.py
import math
import numpy as np
def psi(E,A,eps=1e-4):
    s=0.0
    for e,a in zip(E,A):
        if e==0 and a==0: continue
        e=max(e,eps); a=max(a,eps)
        s+=(a-e)*np.log(a/e)
    return s
def bins(vals, edges):
    return [len(edges)+1 if v is None else int(np.searchsorted(edges, v, side='right')) for v in vals]
def pdisc(vals, fr):
    s=sorted(vals); n=len(s)
    return [s[max(0,math.ceil(f*n)-1)] for f in fr]
fr=[0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9]
def hist(vals, edges):
    b=bins(vals,edges); k=len(edges)+1
    return [b.count(i)/len(vals) for i in range(k+1)]
def edges_of(vals):
    v=[x for x in vals if x is not None]
    d=pdisc(v,fr); m=min(v)
    return sorted(set(x for x in d if x>m))
p1x=list(range(1,11)); p2x=[2*i for i in range(1,11)]
s1=lambda x: min(1,max(0,(x-1)/9)); s2=lambda x: min(1,max(0,(x-2)/18))
e=edges_of([s1(x) for x in p1x]); print('score 1->2 %.6f' % psi(hist([s1(x) for x in p1x],e),hist([s1(x) for x in p2x],e)))
e=edges_of(p1x); print('x 1->2 %.6f' % psi(hist(p1x,e),hist(p2x,e)))
g1=['a']*5+['b']*5; g2=['a']*7+['b']*3; lv={'a':0,'b':1}
print('g %.6f' % psi(hist([lv[g] for g in g1],[0.5]),hist([lv[g] for g in g2],[0.5])))
e=edges_of([s2(x) for x in p2x]); print('score 2->1 %.6f' % psi(hist([s2(x) for x in p2x],e),hist([s2(x) for x in p1x],e)))
e=edges_of(p2x); print('x 2->1 %.6f' % psi(hist(p2x,e),hist(p1x,e)))
print('g 2->1 %.6f' % psi(hist([lv[g] for g in g2],[0.5]),hist([lv[g] for g in g1],[0.5])))
e=edges_of(p1x); print('x with NULL %.6f' % psi(hist(p1x,e),hist(p2x+[None],e)))
print('g with NULL %.6f' % psi(hist([lv[g] for g in g1],[0.5]),hist([lv[g] for g in g2]+[None],[0.5])))
sc=[s1(x) for x in p2x]+[0.5]   # the NULL row's x is imputed with p1's mean normalised value, 0.5
e=edges_of([s1(x) for x in p1x]); print('score with NULL %.6f' % psi(hist([s1(x) for x in p1x],e),hist(sc,e)))
