/* The name index of a model's elements (names.h): open addressing with
 * linear probing, FNV-1a hashes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "model/names.h"

static size_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return (size_t)h;
}

void cfp_names_add(cfp_names *x, size_t i, cfp_name_fn at, const void *ctx)
{
    size_t k = hash(at(ctx, i)) & (x->cap - 1);
    while (x->slot[k])
        k = (k + 1) & (x->cap - 1);
    x->slot[k] = i + 1;
}

int cfp_names_reserve(cfp_names *x, size_t n, cfp_name_fn at, const void *ctx)
{
    size_t cap = x->cap ? x->cap : 16, old = x->cap, *slot = x->slot;
    while (cap < 2 * n)
        cap *= 2;
    if (cap == old)
        return 0;
    if (!(x->slot = calloc(cap, sizeof *x->slot))) {
        x->slot = slot;
        return -1;
    }
    x->cap = cap;
    for (size_t k = 0; k < old; k++)
        if (slot[k])
            cfp_names_add(x, slot[k] - 1, at, ctx);
    free(slot);
    return 0;
}

long cfp_names_find(const cfp_names *x, const char *name, cfp_name_fn at, const void *ctx,
                    size_t n)
{
    if (!x->cap)
        return -1;
    for (size_t k = hash(name) & (x->cap - 1); x->slot[k]; k = (k + 1) & (x->cap - 1)) {
        size_t i = x->slot[k] - 1;
        if (i < n && strcmp(at(ctx, i), name) == 0)
            return (long)i;
    }
    return -1;
}

void cfp_names_free(cfp_names *x)
{
    free(x->slot);
    memset(x, 0, sizeof *x);
}
