/*
 * ct_scan_pg.h
 *		The evaluate custom scan (ct_scan_pg.c): its GUC, scan methods and
 *		planner hook, installed when the library loads.
 */
#ifndef CT_SCAN_PG_H
#define CT_SCAN_PG_H

extern void ct_scan_init(void);

#endif							/* CT_SCAN_PG_H */
