/*
 * ct_rank.c
 *		Rank agreement: average ranks, Spearman's rho, Kendall's tau-b
 *		(Knight's merge-sort algorithm) and the WS similarity coefficient.
 *
 * The sorts are bottom-up merge sorts of index arrays in caller-provided
 * scratch: stable (so results never depend on the C library's qsort),
 * O(n log n) in the worst case, and able to count the exchanges Kendall's
 * tau needs while they merge.
 */
#include "ct_rank.h"

#include <math.h>
#include <string.h>

/* Sort keys: compare two indices by a, then (when b is set) by b. */
typedef struct sort_keys
{
	const double *a;
	const double *b;
} sort_keys;

static inline int
key_less_equal(const sort_keys *k, int i, int j)
{
	if (k->a[i] < k->a[j])
		return 1;
	if (k->a[i] > k->a[j])
		return 0;
	if (k->b == NULL)
		return 1;
	return k->b[i] <= k->b[j];
}

/*
 * Stable merge sort of order[0..n) by the keys; returns the number of
 * exchanges, that is pairs (i < j in the input order) whose keys are
 * strictly out of order.  tmp is int[n] scratch.
 */
static int64_t
merge_sort(int *order, int *tmp, int n, const sort_keys *k)
{
	int		   *src = order;
	int		   *dst = tmp;
	int64_t		swaps = 0;
	int			width;

	for (width = 1; width < n; width *= 2)
	{
		int			lo;

		CT_CHECK_INTERRUPTS();

		for (lo = 0; lo < n; lo += 2 * width)
		{
			int			mid = (lo + width < n) ? lo + width : n;
			int			hi = (mid + width < n) ? mid + width : n;
			int			i = lo;
			int			j = mid;
			int			out = lo;

			while (i < mid && j < hi)
			{
				if (key_less_equal(k, src[i], src[j]))
					dst[out++] = src[i++];
				else
				{
					dst[out++] = src[j++];
					swaps += mid - i;
				}
			}
			while (i < mid)
				dst[out++] = src[i++];
			while (j < hi)
				dst[out++] = src[j++];
		}
		{
			int		   *t = src;

			src = dst;
			dst = t;
		}
	}
	if (src != order)
		memcpy(order, src, sizeof(int) * (size_t) n);
	return swaps;
}

static void
identity(int *order, int n)
{
	int			i;

	for (i = 0; i < n; i++)
		order[i] = i;
}

void
ct_average_ranks(const double *x, int n, double *ranks, int *order, int *tmp)
{
	sort_keys	k = {x, NULL};
	int			i = 0;

	identity(order, n);
	merge_sort(order, tmp, n, &k);
	while (i < n)
	{
		int			j = i + 1;
		double		r;
		int			m;

		while (j < n && x[order[j]] == x[order[i]])
			j++;
		/* positions i+1 .. j share the mean rank (i+1+j)/2 */
		r = ((double) i + 1.0 + (double) j) / 2.0;
		for (m = i; m < j; m++)
			ranks[order[m]] = r;
		i = j;
	}
}

static ct_code
check_n(int n, ct_error *e)
{
	if (n < 2)
	{
		ct_fail(e, CT_ESHAPE, "a ranking needs at least 2 elements");
		ct_detail(e, "The arrays have %d element%s.", n, n == 1 ? "" : "s");
		return CT_ESHAPE;
	}
	if (n > CT_MAX_RANK_N)
	{
		ct_fail(e, CT_ELIMIT, "too many elements to rank");
		ct_detail(e, "The arrays have %d elements; the limit is %d.", n,
				  CT_MAX_RANK_N);
		return CT_ELIMIT;
	}
	return CT_OK;
}

ct_code
ct_spearman(const double *a, const double *b, int n,
			double *ranks_a, double *ranks_b, int *order, int *tmp,
			double *rho, int *defined, ct_error *e)
{
	double		mean = ((double) n + 1.0) / 2.0;
	double		sab = 0.0;
	double		saa = 0.0;
	double		sbb = 0.0;
	double		r;
	int			i;

	ct_error_clear(e);
	*rho = 0.0;
	*defined = 0;
	if (check_n(n, e) != CT_OK)
		return e->code;
	ct_average_ranks(a, n, ranks_a, order, tmp);
	ct_average_ranks(b, n, ranks_b, order, tmp);

	/*
	 * Average ranks always have mean (n+1)/2, and the deviations from it are
	 * multiples of 1/2, exact in a double: the only rounding is in the sums.
	 */
	for (i = 0; i < n; i++)
	{
		double		da = ranks_a[i] - mean;
		double		db = ranks_b[i] - mean;

		sab += da * db;
		saa += da * da;
		sbb += db * db;
	}
	if (saa == 0.0 || sbb == 0.0)
		return CT_OK;
	r = sab / sqrt(saa * sbb);
	if (r > 1.0)
		r = 1.0;
	else if (r < -1.0)
		r = -1.0;
	*rho = r;
	*defined = 1;
	return CT_OK;
}

/* Pairs within runs of equal keys of a sorted order: sum of t(t-1)/2. */
static int64_t
tied_pairs(const int *order, int n, const double *a, const double *b)
{
	int64_t		pairs = 0;
	int			i = 0;

	while (i < n)
	{
		int			j = i + 1;

		while (j < n && a[order[j]] == a[order[i]] &&
			   (b == NULL || b[order[j]] == b[order[i]]))
			j++;
		pairs += (int64_t) (j - i) * (int64_t) (j - i - 1) / 2;
		i = j;
	}
	return pairs;
}

void
ct_kendall_count(const double *a, const double *b, int n, int *order,
				 int *tmp, ct_kendall_counts *c)
{
	sort_keys	by_ab = {a, b};
	sort_keys	by_b = {b, NULL};

	c->n0 = (int64_t) n * (int64_t) (n - 1) / 2;
	identity(order, n);
	merge_sort(order, tmp, n, &by_ab);
	c->ties_a = tied_pairs(order, n, a, NULL);
	c->ties_ab = tied_pairs(order, n, a, b);

	/*
	 * In (a, b) order, a pair is discordant exactly when the later element
	 * has the strictly smaller b: pairs tied in a are already sorted by b,
	 * and pairs tied in b are never exchanged by the stable merge.  So the
	 * exchanges of a merge sort by b count the discordant pairs.
	 */
	c->discordant = merge_sort(order, tmp, n, &by_b);
	c->ties_b = tied_pairs(order, n, b, NULL);
}

ct_code
ct_kendall_tau_b(const double *a, const double *b, int n, int *order,
				 int *tmp, double *tau, int *defined, ct_error *e)
{
	ct_kendall_counts c;
	int64_t		num;
	double		den;
	double		t;

	ct_error_clear(e);
	*tau = 0.0;
	*defined = 0;
	if (check_n(n, e) != CT_OK)
		return e->code;
	ct_kendall_count(a, b, n, order, tmp, &c);
	if (c.n0 == c.ties_a || c.n0 == c.ties_b)
		return CT_OK;
	/* concordant - discordant, exact in 64 bits (|num| <= n0 < 2^48) */
	num = c.n0 - c.ties_a - c.ties_b + c.ties_ab - 2 * c.discordant;
	den = sqrt((double) (c.n0 - c.ties_a) * (double) (c.n0 - c.ties_b));
	t = (double) num / den;
	if (t > 1.0)
		t = 1.0;
	else if (t < -1.0)
		t = -1.0;
	*tau = t;
	*defined = 1;
	return CT_OK;
}

static ct_code
check_ranking(const double *x, int n, const char *what, ct_error *e)
{
	int			i;

	for (i = 0; i < n; i++)
	{
		if (!(x[i] >= 1.0 && x[i] <= (double) n))
		{
			ct_fail(e, CT_EINVAL, "%s must hold ranks between 1 and %d", what, n);
			ct_detail(e, "Element %d is %g.", i + 1, x[i]);
			ct_hint(e, "ws_similarity compares rankings (1 = best), not scores; rank the scores first, for example with rank() OVER (ORDER BY score DESC).");
			return CT_EINVAL;
		}
	}
	return CT_OK;
}

ct_code
ct_ws_similarity(const double *x, const double *y, int n, double *ws,
				 ct_error *e)
{
	double		sum = 0.0;
	int			i;

	ct_error_clear(e);
	*ws = 0.0;
	if (check_n(n, e) != CT_OK)
		return e->code;
	if (check_ranking(x, n, "the reference ranking a", e) != CT_OK ||
		check_ranking(y, n, "the compared ranking b", e) != CT_OK)
		return e->code;
	for (i = 0; i < n; i++)
	{
		double		lo = fabs(x[i] - 1.0);
		double		hi = fabs(x[i] - (double) n);

		/* n >= 2 and 1 <= x_i <= n make the larger distance >= 1/2 */
		sum += exp2(-x[i]) * fabs(x[i] - y[i]) / (lo > hi ? lo : hi);
	}
	*ws = 1.0 - sum;
	return CT_OK;
}
