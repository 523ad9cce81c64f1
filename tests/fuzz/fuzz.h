/* fuzz.h -- what the fuzz targets share.
 *
 * Each target defines LLVMFuzzerTestOneInput() and checks what the API
 * promises for any input: a known status, a message with every failure,
 * nothing half-built on failure, no leak.  A broken promise aborts, so
 * libFuzzer (tests/fuzz/fuzz_*, built with clang) keeps the input, and
 * the corpus replay of "make check" (tests/fuzz/replay.c, any compiler)
 * fails.  Public API only. */
#ifndef CFP_FUZZ_H
#define CFP_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include <calfpump.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Abort with "fuzz: FILE:LINE: what" unless cond holds. */
#define CFP_FUZZ_CHECK(cond, what) \
    ((cond) ? (void)0 : cfp_fuzz_broken(__FILE__, __LINE__, #cond, (what)))
void cfp_fuzz_broken(const char *file, int line, const char *cond, const char *what);

/* The input as a NUL-terminated string (it ends at its first NUL byte),
 * or NULL if out of memory; the caller frees it. */
char *cfp_fuzz_text(const uint8_t *data, size_t size);

/* Load text as a model file and check the loader's promises: *m and *p
 * as calfpump_model_load_string() sets them; returns its status. */
int cfp_fuzz_load(const char *text, calfpump_model **m, calfpump_protocol **p);

#endif
