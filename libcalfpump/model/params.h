/* The parameter tables: every numeric property of compartments,
 * connections, valves and the globals is a double reached by offset, with
 * inclusive bounds and a unit.  The model-file reader and writer take
 * their keys from here. */
#ifndef CFP_PARAMS_H
#define CFP_PARAMS_H

#include "model/model.h"

typedef struct cfp_field {
    const char *name;
    size_t offset;
    double lo, hi;
    const char *unit;
} cfp_field;

enum { CFP_KIND_COMP, CFP_KIND_CONN, CFP_KIND_VALVE, CFP_KIND_GLOBAL, CFP_KIND_COUNT };

/* The fields of a kind, *n of them. */
const cfp_field *cfp_fields(int kind, size_t *n);
const cfp_field *cfp_field_find(int kind, const char *name);

/* The parameter-name list, kept as the network grows. */
int cfp_pnames_add_comp(cfp_pnames *pn, const char *comp);
int cfp_pnames_add_conn(cfp_pnames *pn, const char *conn, int valve);
int cfp_pnames_copy(cfp_pnames *dst, const cfp_pnames *src);
void cfp_pnames_free(cfp_pnames *pn);

#endif
