/* The batch's thread pool: see pool.h. */
#include <stdlib.h>
#include "study/pool.h"
#ifdef CFP_HAVE_PTHREAD
#include <pthread.h>
#include <unistd.h>
#endif

#define CFP_POOL_MAX 1024

typedef struct pool {
    size_t n, next, done;
    int stop;
    cfp_job_fn job;
    cfp_done_fn on_done;
    void *ctx;
#ifdef CFP_HAVE_PTHREAD
    pthread_mutex_t lock;
#endif
} pool;

static void lock(pool *p)
{
#ifdef CFP_HAVE_PTHREAD
    pthread_mutex_lock(&p->lock);
#else
    (void)p;
#endif
}

static void unlock(pool *p)
{
#ifdef CFP_HAVE_PTHREAD
    pthread_mutex_unlock(&p->lock);
#else
    (void)p;
#endif
}

/* Take the next job index, or n when there is none (or the pool stopped). */
static size_t take(pool *p)
{
    size_t i;
    lock(p);
    i = p->stop ? p->n : p->next;
    if (i < p->n)
        p->next++;
    unlock(p);
    return i;
}

static void *worker(void *arg)
{
    pool *p = arg;
    size_t i;
    while ((i = take(p)) < p->n) {
        p->job(p->ctx, i);
        lock(p);
        p->done++;
        if (p->on_done && p->on_done(p->ctx, p->done))
            p->stop = 1;
        unlock(p);
    }
    return NULL;
}

unsigned cfp_pool_threads(unsigned nthreads)
{
#ifdef CFP_HAVE_PTHREAD
    if (nthreads == 0) {
        long np = sysconf(_SC_NPROCESSORS_ONLN);
        nthreads = np > 0 ? (unsigned)(np < CFP_POOL_MAX ? np : CFP_POOL_MAX) : 1u;
    }
    return nthreads;
#else
    (void)nthreads;
    return 1;
#endif
}

unsigned cfp_pool_run(unsigned nthreads, size_t n, cfp_job_fn job, cfp_done_fn done,
                      cfp_job_fn skip, void *ctx)
{
#ifdef CFP_HAVE_PTHREAD
    pool p = {.lock = PTHREAD_MUTEX_INITIALIZER};
    pthread_t *tid = NULL;
    unsigned started = 0;
#else
    pool p = {0};
#endif
    unsigned nt = cfp_pool_threads(nthreads);
    size_t i;
    p.n = n;
    p.job = job;
    p.on_done = done;
    p.ctx = ctx;
    if ((size_t)nt > n)
        nt = n ? (unsigned)n : 1u;
#ifdef CFP_HAVE_PTHREAD
    if (nt > 1)
        tid = malloc((nt - 1) * sizeof *tid);
    for (started = 0; tid && started < nt - 1; started++)
        if (pthread_create(&tid[started], NULL, worker, &p))
            break;
    nt = started + 1;
    worker(&p);
    for (unsigned k = 0; k < started; k++)
        pthread_join(tid[k], NULL);
    free(tid);
#else
    worker(&p);
#endif
    for (i = p.next; i < n; i++)
        if (skip)
            skip(ctx, i);
    return nt;
}
