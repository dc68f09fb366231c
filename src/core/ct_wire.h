/*
 * ct_wire.h
 *		The binary (send / receive) forms of the indicator_stats and
 *		remedy_stats states, read from and written to plain byte buffers in
 *		network byte order exactly as PostgreSQL's pq_send* functions lay
 *		them out.  This is the engine-free half of the types' recv and send
 *		functions, so the decoders of untrusted bytes are unit-tested and
 *		fuzzed without a server (test/fuzz/fuzz_stats_binary.c,
 *		test/fuzz/fuzz_remedy_binary.c).
 *
 * indicator_stats, version 1:
 *		uint8 version, int32 k, then ct_stats_ndoubles(k) float8
 * logit_stats, version 1:
 *		uint8 version, int32 p, then ct_logit_ndoubles(p) float8
 * remedy_stats, format 1:
 *		uint8 format, int32 n, then n entries of
 *		int32 len + bytes (segment), int32 len + bytes (problem type),
 *		int32 len + bytes (remedy), int64 cases, int64 accepted,
 *		int64 satisfaction cases, float8 satisfaction sum
 *		in strictly ascending byte order of (segment, problem type, remedy),
 *		as the text form and as ct_remedy_send writes them; keys hold no NUL
 *		byte (the host checks their encoding).
 * Integers are big-endian two's complement, float8 the big-endian IEEE 754
 * bits.
 */
#ifndef CT_WIRE_H
#define CT_WIRE_H

#include <stddef.h>
#include <stdint.h>

#include "ct_error.h"
#include "ct_logit.h"
#include "ct_remedy.h"
#include "ct_stats.h"

/*
 * The column count k of a binary indicator_stats value, after checking its
 * version, k (1..CT_STATS_MAX_COLS; CT_ELIMIT above) and its exact length.
 */
extern ct_code ct_stats_recv_k(const uint8_t *buf, size_t len, int *k,
							   ct_error *e);

/*
 * Decode a binary value whose k ct_stats_recv_k returned into s (a view of a
 * block of ct_stats_ndoubles(k) doubles), then validate it as text input is.
 */
extern ct_code ct_stats_recv(const uint8_t *buf, size_t len, ct_stats *s,
							 ct_error *e);

/* Bytes of the binary form of a k-column state; write it into out. */
extern size_t ct_stats_send_size(int k);
extern void ct_stats_send(const ct_stats *s, uint8_t *out);

/*
 * The same for logit_stats: the coefficient count p (2..CT_LOGIT_MAX_COEF;
 * CT_ELIMIT above) of a binary value after its version and length are
 * checked; the decoding into a view of p coefficients, validated as text
 * input is; the size and the writing of the binary form.
 */
extern ct_code ct_logit_recv_p(const uint8_t *buf, size_t len, int *p,
							   ct_error *e);
extern ct_code ct_logit_recv(const uint8_t *buf, size_t len, ct_logit *s,
							 ct_error *e);
extern size_t ct_logit_send_size(int p);
extern void ct_logit_send(const ct_logit *s, uint8_t *out);

/*
 * Check a binary remedy_stats value (format, entry count, key lengths,
 * counts, order, exact length) and report the capacities a state needs to
 * hold it; then decode it into dst, initialised with those capacities.
 */
extern ct_code ct_remedy_recv_size(const uint8_t *buf, size_t len,
								   uint32_t *nentries, uint32_t *pool_bytes,
								   ct_error *e);
extern ct_code ct_remedy_recv(const uint8_t *buf, size_t len,
							  ct_remedy_state *dst, ct_error *e);

/* Bytes of the binary form of a state; write it into out. */
extern size_t ct_remedy_send_size(const ct_remedy_state *st);
extern void ct_remedy_send(const ct_remedy_state *st, uint8_t *out);

#endif							/* CT_WIRE_H */
