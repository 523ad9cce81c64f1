/* alloc_fail.c -- every allocation of a representative program fails in
 * turn ("make check"; the ASan stage of tools/test-all.sh adds LeakSanitizer).
 *
 * The program (scenario()) builds the default leg, clones it and applies
 * a condition preset, builds a small network, loads a model file with a
 * condition, a protocol and run settings, makes a named protocol and one
 * with a custom waveform, runs two simulations (rodas with the file's
 * settings, dopri5) and part of a third (rk4), reads every metric, the
 * summary and a trace column, writes a CSV trace and two model files and
 * reads one back.
 *
 * The library's malloc, calloc, realloc and free are wrapped at link
 * time (-Wl,--wrap=..., on the objects of libcfpcore.la and this file):
 * run N fails the N-th allocation.  Each run must stop with
 * CALFPUMP_E_NOMEM, with a message where the call has a handle or an
 * error buffer to put one in, and must free every block it allocated.
 * The loop ends at the first N beyond the program's last allocation;
 * that run must succeed.  Prints the number of allocations failed and
 * the number of distinct call sites (return addresses) they came from;
 * "alloc_fail --sites" lists the addresses. */
#define _POSIX_C_SOURCE 200809L /* mkstemp */

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <calfpump.h>

/* ---------------------------------------------------------------- */
/* The wrappers. */

void *__real_malloc(size_t n);
void *__real_calloc(size_t k, size_t n);
void *__real_realloc(void *p, size_t n);
void __real_free(void *p);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t k, size_t n);
void *__wrap_realloc(void *p, size_t n);
void __wrap_free(void *p);

#define MAX_SITES 1024

typedef struct alloc_state {
    int armed;              /* count and fail only while the program runs */
    unsigned long count;    /* allocations so far */
    unsigned long fail_at;  /* the one to fail (0: none) */
    int injected;           /* it was failed */
    long live;              /* blocks allocated and not freed */
    void *site;             /* return address of the failed allocation */
    /* Kept from run to run: */
    size_t nsites;
    void *sites[MAX_SITES]; /* distinct return addresses seen */
} alloc_state;
static alloc_state A;

static void note_site(void *ra)
{
    for (size_t i = 0; i < A.nsites; i++)
        if (A.sites[i] == ra)
            return;
    if (A.nsites < MAX_SITES)
        A.sites[A.nsites++] = ra;
}

/* Non-zero if this allocation is the one to fail. */
static int fail_now(void *ra)
{
    if (!A.armed)
        return 0;
    note_site(ra);
    if (++A.count != A.fail_at)
        return 0;
    A.injected = 1;
    A.site = ra;
    return 1;
}

void *__wrap_malloc(size_t n)
{
    void *p;
    if (fail_now(__builtin_return_address(0)))
        return NULL;
    p = __real_malloc(n);
    A.live += A.armed && p;
    return p;
}

void *__wrap_calloc(size_t k, size_t n)
{
    void *p;
    if (fail_now(__builtin_return_address(0)))
        return NULL;
    p = __real_calloc(k, n);
    A.live += A.armed && p;
    return p;
}

void *__wrap_realloc(void *p, size_t n)
{
    void *q;
    if (fail_now(__builtin_return_address(0)))
        return NULL;
    q = __real_realloc(p, n);
    A.live += A.armed && q && !p;
    return q;
}

void __wrap_free(void *p)
{
    A.live -= A.armed && p;
    __real_free(p);
}

/* ---------------------------------------------------------------- */
/* The program. */

static const char model_text[] =
    "calfpump-model 1\n"
    "[global]\ncvp = 4\n"
    "[compartment foot]\nregion = foot\nlayer = deep\nv0 = 12\nz_standing = -100\n"
    "gcap = 0.003\nsqueeze_foot = 120\n"
    "[compartment calf]\nregion = calf\nlayer = intramuscular\nv0 = 20\nz_standing = -75\n"
    "squeeze_calf = 270\n"
    "[compartment thigh]\nregion = thigh\nlayer = deep\nv0 = 40\nz_standing = -30\n"
    "[connection foot_calf]\nfrom = foot\nto = calf\nvalve = yes\n"
    "[connection calf_thigh]\nfrom = calf\nto = thigh\nvalve = yes\n"
    "[connection out]\nfrom = thigh\nto = ra\n"
    "[condition]\napply = weak-calf\n"
    "[segment]\nposture = standing\nactivity = still\nduration = 0.5\n"
    "[segment]\nposture = standing\nactivity = custom\nduration = 1\n"
    "waveform_calf = periodic 0:0 0.3:0.8 0.6:0\n"
    "[run]\nintegrator = rodas\noutput_interval = 0.1\n";

typedef struct result {
    int status;
    const char *call;       /* the call that failed */
    int has_msg;            /* the call has somewhere to put a message */
    char msg[1024];
} result;

static char csv_path[64], cfp_path[64];

#define STEP(expr, message)                                             \
    do {                                                                \
        int st_ = (expr);                                               \
        if (st_ != CALFPUMP_OK) {                                       \
            const char *m_ = (message);                                 \
            r->status = st_;                                            \
            r->call = #expr;                                            \
            r->has_msg = m_ != NULL;                                    \
            snprintf(r->msg, sizeof r->msg, "%s", m_ ? m_ : "");       \
            goto out;                                                   \
        }                                                               \
    } while (0)

/* Every metric the run defines (E_STATE: not defined or not reached). */
static int read_metrics(calfpump_sim *s)
{
    for (size_t i = 0; i < calfpump_sim_metric_count(s); i++) {
        double v;
        int st = calfpump_sim_metric(s, calfpump_sim_metric_name(s, i), &v);
        if (st != CALFPUMP_OK && st != CALFPUMP_E_STATE)
            return st;
    }
    return CALFPUMP_OK;
}

static int read_summary(calfpump_sim *s)
{
    size_t rows = 0;
    int st = calfpump_sim_summary(s, &rows);
    for (size_t i = 0; st == CALFPUMP_OK && i < rows; i++)
        st = calfpump_sim_summary_row(s, i, NULL, NULL, NULL, NULL, NULL, NULL);
    return st;
}

static int read_column(calfpump_sim *s)
{
    static double buf[4096];
    size_t j = 0, n = 0;
    int st = calfpump_sim_trace_col_index(s, "P.dorsal_foot", &j);
    if (!st)
        st = calfpump_sim_trace_column(s, j, buf, 4096, &n);
    return st ? st : n > 0 ? CALFPUMP_OK : CALFPUMP_E_STATE;
}

/* A protocol built call by call: still, a custom waveform, a tiptoe. */
static int build_protocol(calfpump_protocol *p)
{
    static const double t[3] = {0, 0.2, 0.4}, a[3] = {0, 1, 0};
    size_t k = 0;
    int st = calfpump_protocol_add_segment(p, "standing", "still", 0.5, NULL);
    if (!st)
        st = calfpump_protocol_add_segment(p, "standing", "custom", 0.5, &k);
    if (!st)
        st = calfpump_protocol_set_waveform(p, k, "calf", t, a, 3, 1);
    if (!st)
        st = calfpump_protocol_add_segment(p, "standing", "tiptoe", 0.5, &k);
    if (!st)
        st = calfpump_protocol_set(p, k, "rate", 2);
    if (!st)
        st = calfpump_protocol_set_run_option(p, "output_interval", 0.05);
    return st;
}

static int build_network(calfpump_model *m)
{
    int st = calfpump_model_add_compartment(m, "a", "calf", "deep");
    if (!st)
        st = calfpump_model_add_compartment(m, "b", "thigh", "deep");
    if (!st)
        st = calfpump_model_add_connection(m, "ab", "a", "b", 1);
    if (!st)
        st = calfpump_model_add_connection(m, "out", "b", "ra", 0);
    if (!st)
        st = calfpump_model_set(m, "comp.a.gcap", 0.01);
    return st;
}

static void scenario(result *r)
{
    calfpump_model *m = NULL, *m2 = NULL, *net = NULL, *mf = NULL, *mr = NULL;
    calfpump_protocol *p = NULL, *pf = NULL, *pn = NULL, *pr = NULL;
    calfpump_sim *s = NULL, *s2 = NULL;
    char err[1024] = "";
    r->status = CALFPUMP_OK;
    r->call = "";
    r->has_msg = 0;
    r->msg[0] = '\0';
    STEP(calfpump_model_new_default(&m), NULL);
    STEP(calfpump_model_clone(&m2, m), NULL);
    STEP(calfpump_model_apply_condition(m2, "gsv-reflux"), calfpump_model_errmsg(m2));
    STEP(calfpump_model_new(&net), NULL);
    STEP(build_network(net), calfpump_model_errmsg(net));
    STEP(calfpump_model_load_string(&mf, &pf, model_text, "alloc.cfp", err, sizeof err), err);
    STEP(calfpump_protocol_create_named(&pn, "apg", err, sizeof err), err);
    STEP(calfpump_protocol_new(&p), NULL);
    STEP(build_protocol(p), calfpump_protocol_errmsg(p));
    /* The file's model and protocol with its run settings (rodas). */
    STEP(calfpump_sim_create(&s, mf, pf, err, sizeof err), err);
    STEP(calfpump_sim_apply_run_settings(s), calfpump_sim_errmsg(s));
    STEP(calfpump_sim_run(s), calfpump_sim_errmsg(s));
    STEP(read_summary(s), calfpump_sim_errmsg(s));
    /* The leg with reflux (dopri5): results, CSV, model files. */
    STEP(calfpump_sim_create(&s2, m2, p, err, sizeof err), err);
    STEP(calfpump_sim_apply_run_settings(s2), calfpump_sim_errmsg(s2));
    STEP(calfpump_sim_run(s2), calfpump_sim_errmsg(s2));
    STEP(read_metrics(s2), calfpump_sim_errmsg(s2));
    STEP(read_summary(s2), calfpump_sim_errmsg(s2));
    STEP(read_column(s2), calfpump_sim_errmsg(s2));
    STEP(calfpump_sim_write_csv(s2, csv_path), calfpump_sim_errmsg(s2));
    STEP(calfpump_model_write(m2, p, cfp_path, err, sizeof err), err);
    STEP(calfpump_model_load(&mr, &pr, cfp_path, err, sizeof err), err);
    STEP(calfpump_model_save(mf, pf, cfp_path), calfpump_model_errmsg(mf));
    /* Again from the start with rk4, part of the way. */
    STEP(calfpump_sim_reset(s2), calfpump_sim_errmsg(s2));
    STEP(calfpump_sim_set_integrator(s2, "rk4"), calfpump_sim_errmsg(s2));
    STEP(calfpump_sim_set_option(s2, "h", 0.001), calfpump_sim_errmsg(s2));
    STEP(calfpump_sim_advance(s2, 0.1), calfpump_sim_errmsg(s2));
out:
    calfpump_sim_free(s);
    calfpump_sim_free(s2);
    calfpump_protocol_free(p);
    calfpump_protocol_free(pf);
    calfpump_protocol_free(pn);
    calfpump_protocol_free(pr);
    calfpump_model_free(mr);
    calfpump_model_free(m);
    calfpump_model_free(m2);
    calfpump_model_free(net);
    calfpump_model_free(mf);
}

/* ---------------------------------------------------------------- */

static void temp_file(char *path, size_t n)
{
    int fd;
    snprintf(path, n, "/tmp/cfp-alloc-XXXXXX");
    fd = mkstemp(path);
    if (fd < 0) {
        perror("alloc_fail: mkstemp");
        exit(99);
    }
    close(fd);
}

/* Run the program with allocation fail_at failing (0: none). */
static void run(unsigned long fail_at, result *r)
{
    memset(&A, 0, offsetof(alloc_state, nsites));
    A.fail_at = fail_at;
    A.armed = 1;
    scenario(r);
    A.armed = 0;
}

int main(int argc, char **argv)
{
    static result r;
    unsigned long total, n, problems = 0;
    int show_sites = argc > 1 && strcmp(argv[1], "--sites") == 0;
    temp_file(csv_path, sizeof csv_path);
    temp_file(cfp_path, sizeof cfp_path);
    run(0, &r);
    total = A.count;
    if (r.status != CALFPUMP_OK || A.live != 0) {
        printf("FAIL: without failures: %s gives %s (%s); %ld blocks not freed\n", r.call,
               calfpump_status_name(r.status), r.msg, A.live);
        return 1;
    }
    for (n = 1;; n++) {
        run(n, &r);
        if (!A.injected)
            break;
        if (r.status != CALFPUMP_E_NOMEM || (r.has_msg && !r.msg[0]) || A.live != 0) {
            problems++;
            printf("FAIL: allocation %lu (from %p): %s gives %s, message \"%s\"; %ld blocks "
                   "not freed\n", n, A.site, r.status ? r.call : "the program",
                   calfpump_status_name(r.status), r.msg, A.live);
        }
    }
    if (r.status != CALFPUMP_OK || n - 1 != total) {
        printf("FAIL: run %lu: %lu allocations (%lu without failures), %s gives %s\n", n,
               A.count, total, r.call, calfpump_status_name(r.status));
        problems++;
    }
    remove(csv_path);
    remove(cfp_path);
    printf("alloc_fail: %lu allocations failed in turn, from %zu call sites; %lu problems\n",
           n - 1, A.nsites, problems);
    for (size_t i = 0; show_sites && i < A.nsites; i++)
        printf("site %p\n", A.sites[i]);
    return problems ? 1 : 0;
}
