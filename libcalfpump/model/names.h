/* A hash index of names held elsewhere (a model's compartments or
 * connections, a model file's sections), so that building a network of
 * N elements by name (the model API, model files, parameter names) takes
 * time linear in N.  The index holds positions; at(ctx, i) gives the name
 * at position i.  Lookups only read: a model shared read-only between
 * threads stays safe. */
#ifndef CFP_NAMES_H
#define CFP_NAMES_H

#include <stddef.h>

typedef const char *(*cfp_name_fn)(const void *ctx, size_t i);

typedef struct cfp_names {
    size_t *slot;   /* cap slots: position + 1, or 0 (empty) */
    size_t cap;     /* a power of two, at least twice the names held */
} cfp_names;

/* Make room for n names, rehashing those held if the table grows.  0, or
 * -1 when out of memory (the index is unchanged). */
int cfp_names_reserve(cfp_names *x, size_t n, cfp_name_fn at, const void *ctx);
/* Index position i (room reserved). */
void cfp_names_add(cfp_names *x, size_t i, cfp_name_fn at, const void *ctx);
/* The position of name among positions below n, or -1. */
long cfp_names_find(const cfp_names *x, const char *name, cfp_name_fn at, const void *ctx,
                    size_t n);
void cfp_names_free(cfp_names *x);

#endif
