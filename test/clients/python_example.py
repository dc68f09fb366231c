#!/usr/bin/python3
"""complaint_tier from Python with psycopg2: the example of doc/clients.md.

Connects through libpq's environment (PGHOST, PGPORT, PGUSER, PGDATABASE) to
a database where it may create the extension, a table public.customers of
1,000 sample customers and a fitted telecom model (it creates what is
missing).  Shows, and checks:

1. register_composite: evaluate() comes back as a named tuple, not as the
   string "(telecom,1,0.53,...)" psycopg2 gives for an unregistered
   composite;
2. evaluate() on a table row (LATERAL) and on a jsonb document built from a
   Python dict with psycopg2.extras.Json; the parameter needs ::jsonb
   (without it the call matches both evaluate(text, record) and
   evaluate(text, jsonb), and PostgreSQL refuses it as ambiguous);
3. the two give the same score and tier for the same customer.

Run by test/clients/python_example.sh (test/run_tests.sh) on a private
cluster; exits non-zero when a check fails.
"""
import psycopg2
import psycopg2.errors
import psycopg2.extras
from psycopg2.extras import Json


def setup(cur):
    cur.execute("CREATE EXTENSION IF NOT EXISTS complaint_tier")
    cur.execute("CREATE TABLE IF NOT EXISTS public.customers AS "
                "SELECT * FROM complaint_tier.sample_customers(1000, 7)")
    cur.execute("SELECT 1 FROM complaint_tier.active_version WHERE model = 'telecom'")
    if cur.fetchone() is None:
        cur.execute("SELECT complaint_tier.fit('telecom', 'public.customers')")


def main():
    conn = psycopg2.connect("")          # libpq's environment
    conn.autocommit = True
    cur = conn.cursor()
    setup(cur)

    # 1. the result type as a named tuple (once per connection)
    evaluation = psycopg2.extras.register_composite("complaint_tier.evaluation", conn)
    print("fields:", ", ".join(evaluation.attnames))

    # 2a. a row of a table: select the whole result column e
    cur.execute("""
        SELECT e
        FROM public.customers c
        CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) AS e
        WHERE c.customer_id = %s""", (42,))
    e = cur.fetchone()[0]
    assert isinstance(e, evaluation.type), type(e)
    dims = dict(zip(e.dimension_names, e.dimension_scores))
    classes = dict(zip(e.class_names, e.class_labels))
    print(f"customer 42: tier {e.tier}, score {e.score:.4f}")
    print("  dimensions:", {k: round(v, 3) for k, v in dims.items()})
    print("  classes:", classes)
    print("  strategies:", e.strategies, "routing priority", e.routing_priority)
    assert 0.0 <= e.score <= 1.0 and e.tier is not None
    assert len(e.strategies) == len(e.reasons)

    # 2b. a document: a Python dict as jsonb (note the ::jsonb cast)
    dict_cur = conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor)
    dict_cur.execute("SELECT * FROM public.customers WHERE customer_id = %s", (42,))
    customer = dict(dict_cur.fetchone())
    cur.execute("SELECT complaint_tier.evaluate('telecom', %s::jsonb)", (Json(customer),))
    j = cur.fetchone()[0]
    print(f"the same customer as jsonb: tier {j.tier}, score {j.score:.4f}")

    # 3. the same customer, the same result
    assert (j.tier, j.score, j.class_labels, j.strategies) == (e.tier, e.score, e.class_labels, e.strategies), (j, e)

    # without the cast the call is ambiguous
    try:
        cur.execute("SELECT complaint_tier.evaluate('telecom', %s)", (Json(customer),))
        raise AssertionError("an uncast jsonb parameter was accepted")
    except psycopg2.errors.AmbiguousFunction as err:
        print("without ::jsonb:", str(err).splitlines()[0])

    # a partial document: missing indicators are imputed, as for NULL columns
    cur.execute("SELECT (complaint_tier.evaluate('telecom', %s::jsonb)).tier",
                (Json({"customer_id": 1, "arpu": 250.0, "customer_level": "gold"}),))
    print("a partial document gets tier", cur.fetchone()[0])

    # tiers of the whole table, as plain tuples
    cur.execute("""
        SELECT e.tier, count(*)
        FROM public.customers c CROSS JOIN LATERAL complaint_tier.evaluate('telecom', c) AS e
        GROUP BY e.tier ORDER BY min(e.score)""")
    counts = cur.fetchall()
    print("tiers:", counts)
    assert sum(n for _, n in counts) == 1000

    conn.close()
    print("python example: ok")


if __name__ == "__main__":
    main()
