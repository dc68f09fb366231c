/*
 * ct_array_pg.c
 *		The one-dimensional float8[] and text[] results of evaluate() and
 *		fit's per-row helpers, built directly (ct_eval_pg.h).
 */
#include "postgres.h"

#include "access/tupmacs.h"
#include "catalog/pg_type.h"
#include "utils/array.h"

#include "ct_eval_pg.h"

/*
 * One-dimensional float8[] / text[] (isnull may be NULL: no NULLs), built
 * in one allocation: evaluate() builds up to five per row, and the generic
 * construct_md_array() detoasts every text element, which for the short
 * (1-byte header) label datums of the model cache means a copy each.  Text
 * elements are written with 4-byte headers and each element padded to the
 * element alignment, byte for byte as construct_md_array() writes them; an
 * element stored out of line or compressed (never one of ours) takes the
 * generic path.
 */
/*
 * A one-dimensional array of n elements of elemtype with nbytes of data
 * (slack more allocated beyond it): the header and null bitmap set and
 * zeroed, the data area left for the caller to write.
 */
static ArrayType *
array_start(int n, Oid elemtype, bool hasnulls, Size nbytes, Size slack)
{
	Size		overhead = hasnulls ? ARR_OVERHEAD_WITHNULLS(1, n) : ARR_OVERHEAD_NONULLS(1);
	ArrayType  *a = (ArrayType *) palloc(overhead + nbytes + slack);

	memset(a, 0, overhead);
	SET_VARSIZE(a, overhead + nbytes);
	a->ndim = 1;
	a->dataoffset = hasnulls ? (int32) overhead : 0;
	a->elemtype = elemtype;
	ARR_DIMS(a)[0] = n;
	ARR_LBOUND(a)[0] = 1;
	return a;
}

Datum
ct_array_with_nulls(Datum *d, bool *isnull, int n, Oid elemtype)
{
	bool		text = elemtype != FLOAT8OID;
	bool		hasnulls = false;
	Size		nbytes = 0;
	ArrayType  *a;
	char	   *p;
	bits8	   *bitmap;
	static const uint32 zero = 0;

	if (n == 0)
		return PointerGetDatum(construct_empty_array(elemtype));
	for (int i = 0; i < n; i++)
	{
		const char *t;

		if (isnull != NULL && isnull[i])
		{
			hasnulls = true;
			continue;
		}
		if (!text)
		{
			nbytes += sizeof(float8);
			continue;
		}
		t = DatumGetPointer(d[i]);
		if (VARATT_IS_EXTERNAL(t) || VARATT_IS_COMPRESSED(t))
		{
			int			dims[1] = {n};
			int			lbs[1] = {1};

			return PointerGetDatum(construct_md_array(d, isnull, 1, dims, lbs, TEXTOID,
													  -1, false, TYPALIGN_INT));
		}
		/* every element padded to the alignment, as PostgreSQL does:
		 * array_cat() and others append data areas as they are */
		nbytes += INTALIGN(VARHDRSZ + VARSIZE_ANY_EXHDR(t));
	}
	/*
	 * float8 elements need no padding: the data area starts MAXALIGNed.
	 * Not palloc0: the header and null bitmap are zeroed and every padding
	 * byte of the data as it is written (equal values must be equal byte
	 * for byte), which costs less than zeroing the whole array first. A
	 * text element's padding (at most 3 bytes) is zeroed by storing 4 zero
	 * bytes after its data: 4 bytes of slack beyond the array take the last
	 * element's store.
	 */
	a = array_start(n, elemtype, hasnulls, nbytes, sizeof(uint32));
	bitmap = ARR_NULLBITMAP(a);
	p = ARR_DATA_PTR(a);
	for (int i = 0; i < n; i++)
	{
		if (isnull != NULL && isnull[i])
			continue;
		if (bitmap != NULL)
			bitmap[i / 8] |= 1 << (i % 8);
		if (!text)
		{
			float8		v = DatumGetFloat8(d[i]);

			memcpy(p, &v, sizeof(float8));
			p += sizeof(float8);
		}
		else
		{
			const char *t = DatumGetPointer(d[i]);
			Size		len = VARSIZE_ANY_EXHDR(t);

			SET_VARSIZE(p, VARHDRSZ + len);
			memcpy(p + VARHDRSZ, VARDATA_ANY(t), len);
			p += VARHDRSZ + len;
			memcpy(p, &zero, sizeof(zero));
			p = (char *) INTALIGN(p);
		}
	}
	Assert(p == (char *) a + VARSIZE(a));
	return PointerGetDatum(a);
}

CtLabelElem *
ct_label_elem(const char *s, size_t len)
{
	Size		size = INTALIGN(VARHDRSZ + len);
	CtLabelElem *e = palloc0(offsetof(CtLabelElem, bytes) + size);

	e->size = size;
	SET_VARSIZE(e->bytes, VARHDRSZ + len);
	memcpy(e->bytes + VARHDRSZ, s, len);
	return e;
}

Datum
ct_label_array(CtLabelElem *const *elems, int n)
{
	bool		hasnulls = false;
	Size		nbytes = 0;
	ArrayType  *a;
	char	   *p;
	bits8	   *bitmap;

	if (n == 0)
		return PointerGetDatum(construct_empty_array(TEXTOID));
	for (int i = 0; i < n; i++)
	{
		if (elems[i] == NULL)
			hasnulls = true;
		else
			nbytes += elems[i]->size;
	}
	/* the elements carry their own padding */
	a = array_start(n, TEXTOID, hasnulls, nbytes, 0);
	bitmap = ARR_NULLBITMAP(a);
	p = ARR_DATA_PTR(a);
	for (int i = 0; i < n; i++)
	{
		if (elems[i] == NULL)
			continue;
		if (bitmap != NULL)
			bitmap[i / 8] |= 1 << (i % 8);
		memcpy(p, elems[i]->bytes, elems[i]->size);
		p += elems[i]->size;
	}
	Assert(p == (char *) a + VARSIZE(a));
	return PointerGetDatum(a);
}
