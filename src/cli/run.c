/* run.c -- "calfpump run": simulate a protocol, print the clinical
 * summary (or the metrics) and optionally write the trace. */
#define _POSIX_C_SOURCE 200809L /* isatty() with -std=c99 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "render.h"

static void usage_run(FILE *f)
{
    fprintf(f, "Usage: " PROG " run [FILE] [OPTION]...\n"
               "\n"
               "Simulate a protocol and print a clinical summary (ambulatory venous\n"
               "pressure, air plethysmography, venous return, calf pump, reflux, solver\n"
               "statistics).  The model is the default adult leg, or that of the model\n"
               "file FILE; the protocol is given by --segment, or is the file's [segment]s\n"
               "if it has any, else --protocol (default avp); the file's [run] settings\n"
               "choose the integrator and its options.  The options below apply on top\n"
               "of the file.\n"
               "\n"
               "Options:\n");
    print_options(f, C_RUN, 0);
    fprintf(f, "\n"
               "Numbers are plain decimal (or C floating-point) literals.  Options may\n"
               "also be written --name=VALUE, and may come before or after FILE.  Run\n"
               "'" PROG " list' for the names of conditions, protocols and integrators,\n"
               "'" PROG " list params' for the model parameters.\n"
               "\n"
               "Exit status: 0 success, 1 runtime failure (simulation, unreadable file),\n"
               "2 usage error (bad option or value, invalid model file).\n");
}

/* The number of ',' in a column list. */
static size_t count_commas(const char *list)
{
    size_t n = 0;
    for (; *list; list++)
        n += *list == ',';
    return n;
}

/* "--csv -": the trace goes to standard output (and the summary to
 * standard error). */
static int csv_to_stdout(const run_config *c) { return c->csv && strcmp(c->csv, "-") == 0; }

/* Before the run: can the --csv file be written?  It is opened for
 * appending (an existing file is not truncated yet); *created says whether
 * this made a new, empty file, to remove if the run fails. */
static int check_csv_path(const run_config *c, int *created)
{
    struct stat sb;
    FILE *f;
    *created = 0;
    if (!c->csv || csv_to_stdout(c))
        return 0;
    *created = stat(c->csv, &sb) != 0;
    if (!(f = fopen(c->csv, "a"))) {
        error("--csv %s: cannot open for writing: %s", c->csv, strerror(errno));
        *created = 0;
        return EXIT_RUNTIME;
    }
    fclose(f);
    return 0;
}

/* The streamed trace: to standard output, or to a temporary file beside
 * the --csv file that replaces it when the run succeeds (a failed run
 * leaves an existing file as it was). */
typedef struct csv_sink {
    FILE *f;
    char *tmp;       /* the temporary file's name, or NULL (standard output) */
    size_t rows;
} csv_sink;

static size_t sink_write(void *user, const char *data, size_t len)
{
    return fwrite(data, 1, len, ((csv_sink *)user)->f);
}

static int sink_count(void *user, double t, const double *v, size_t n)
{
    (void)t;
    (void)v;
    (void)n;
    ((csv_sink *)user)->rows++;
    return 0;
}

/* A temporary file in the --csv file's directory. */
static int sink_open(const run_config *c, csv_sink *k)
{
    size_t len = strlen(c->csv);
    mode_t mask = umask(0);
    int fd;
    umask(mask);
    k->f = stdout;
    if (csv_to_stdout(c))
        return 0;
    if (!(k->tmp = malloc(len + 16)))
        return EXIT_RUNTIME;
    snprintf(k->tmp, len + 16, "%s.tmp-XXXXXX", c->csv);
    if ((fd = mkstemp(k->tmp)) < 0 || !(k->f = fdopen(fd, "w"))) {
        error("--csv %s: cannot create a temporary file beside it: %s", c->csv, strerror(errno));
        if (fd >= 0)
            close(fd);
        free(k->tmp);
        k->tmp = NULL;
        return EXIT_RUNTIME;
    }
    fchmod(fd, 0666 & ~mask);
    return 0;
}

/* Finish the sink: flush, and on success put the file in place.
 * Returns 0 or EXIT_RUNTIME after a message. */
static int sink_close(const run_config *c, csv_sink *k, int ok)
{
    int bad = fflush(k->f) != 0 || ferror(k->f), e = errno;
    if (k->tmp) {
        bad |= fclose(k->f) != 0;
        if (!bad && ok && rename(k->tmp, c->csv) != 0) {
            bad = 1;
            e = errno;
        }
        if (bad || !ok)
            remove(k->tmp);
        free(k->tmp);
        k->tmp = NULL;
    }
    if (bad && ok) {
        error("--csv %s: %s", c->csv, strerror(e ? e : EIO));
        return EXIT_RUNTIME;
    }
    return 0;
}

/* Stream the trace (selected columns, every N-th row) into the sink; the
 * trace is not stored.  Returns 0 or an exit status after a message. */
static int stream_trace(const run_config *c, calfpump_sim *s, csv_sink *k)
{
    int st = CALFPUMP_OK;
    if (!c->csv) {
        if (c->columns || c->every) {
            error("--columns and --every choose what --csv writes: give --csv");
            return EXIT_USAGE;
        }
        return 0;
    }
    if (c->columns)
        st = calfpump_sim_set_output_columns(s, c->columns);
    if (!st && c->every)
        st = calfpump_sim_set_output_every(s, (size_t)c->every);
    if (!st)
        st = calfpump_sim_set_store_trace(s, 0);
    if (!st)
        st = calfpump_sim_set_row_callback(s, sink_count, k);
    if (!st && (st = sink_open(c, k)) != 0)
        return st;
    if (!st)
        st = calfpump_sim_stream_csv(s, sink_write, k);
    if (st) {
        error("%s: %s", c->columns && st == CALFPUMP_E_NOTFOUND ? "--columns" : "--csv",
              why(calfpump_sim_errmsg(s), st));
        return st == CALFPUMP_E_NOTFOUND || st == CALFPUMP_E_INVAL ? EXIT_USAGE : EXIT_RUNTIME;
    }
    return 0;
}

/* The results: the summary or the metrics, on standard output unless the
 * trace went there. */
static int render_results(const run_config *c, const setup *su, calfpump_sim *s,
                          const csv_sink *k)
{
    FILE *out = csv_to_stdout(c) ? stderr : stdout;
    int rc;
    if (c->metrics)
        return render_metrics(out, s) ? EXIT_RUNTIME : 0;
    render_header(out, c, su, s);
    rc = render_summary(out, s) ? EXIT_RUNTIME : 0;
    if (c->csv && !csv_to_stdout(c))
        fprintf(out, "\nTrace written to %s (%zu rows x %zu columns)\n", c->csv, k->rows,
                c->columns ? 1 + count_commas(c->columns)
                           : calfpump_sim_trace_cols(s));
    return rc;
}

/* Simulate the configured setup and print the results. */
static int run_setup(const run_config *c, const setup *su)
{
    calfpump_sim *s = NULL;
    csv_sink k = {NULL, NULL, 0};
    int rc, st, created;
    if ((rc = check_csv_path(c, &created)))
        return rc;
    if ((rc = make_sim(c, su, &s)) || (rc = stream_trace(c, s, &k)))
        goto fail;
    if ((st = integrate(s, show_progress(c), "")) != CALFPUMP_OK) {
        error("simulation failed: %s", why(calfpump_sim_errmsg(s), st));
        rc = st == CALFPUMP_E_RANGE ? EXIT_USAGE : EXIT_RUNTIME;
        goto fail;
    }
    if (c->csv && (rc = sink_close(c, &k, 1)))
        goto fail;
    rc = render_results(c, su, s, &k);
    calfpump_sim_free(s);
    return rc;
fail:
    if (k.f)
        sink_close(c, &k, 0);
    calfpump_sim_free(s);
    if (created) /* the empty file made by the check */
        remove(c->csv);
    return rc;
}

int cmd_run(int argc, char **argv)
{
    run_config c;
    setup su = {0};
    int rc;
    run_config_init(&c);
    rc = parse_args(C_RUN, argc, argv, &c);
    if (rc == 0 && c.help)
        usage_run(stdout);
    else if (rc == 0 && (rc = take_model_argument("run", &c)) == 0 &&
             (rc = build_setup(&c, &su)) == 0)
        rc = run_setup(&c, &su);
    setup_free(&su);
    run_config_free(&c);
    return rc;
}
