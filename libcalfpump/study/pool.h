/* A pool of threads for independent jobs 0..n-1 (POSIX threads when
 * configure found them, the calling thread otherwise).  Jobs are handed
 * out in index order from a shared counter; each job writes only its own
 * results, so the outcome does not depend on the number of threads. */
#ifndef CFP_POOL_H
#define CFP_POOL_H

#include <stddef.h>

/* Run job i (0 <= i < n).  Called from any of the pool's threads. */
typedef void (*cfp_job_fn)(void *ctx, size_t i);
/* Called after each finished job, one call at a time (under the pool's
 * lock), with the number of jobs done; a non-zero return stops handing out
 * jobs: cfp_pool_run() then calls skip(ctx, i) for each job not started. */
typedef int (*cfp_done_fn)(void *ctx, size_t done);

/* Threads this library can run: 1 without thread support, else nthreads
 * (0: the number of online processors, at least 1). */
unsigned cfp_pool_threads(unsigned nthreads);

/* Run n jobs on up to cfp_pool_threads(nthreads) threads (no more than
 * n), the calling thread being one of them; returns the number used
 * (fewer when a thread could not be started: the results are the same). */
unsigned cfp_pool_run(unsigned nthreads, size_t n, cfp_job_fn job, cfp_done_fn done,
                      cfp_job_fn skip, void *ctx);

#endif
