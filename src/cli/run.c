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

/* The trace as CSV on standard output, as calfpump_sim_write_csv() writes
 * a file (the CLI runs in the "C" locale: '.' decimals). */
static int write_csv_stdout(calfpump_sim *s, char *msg, size_t size)
{
    size_t rows = calfpump_sim_trace_rows(s), cols = calfpump_sim_trace_cols(s);
    double *v = malloc((rows ? rows : 1) * (cols ? cols : 1) * sizeof *v);
    int st = v ? CALFPUMP_OK : CALFPUMP_E_NOMEM;
    for (size_t j = 0; j < cols && !st; j++)
        st = calfpump_sim_trace_column(s, j, v + j * rows, rows, NULL);
    if (!st) {
        for (size_t j = 0; j < cols; j++)
            printf("%s%s", j ? "," : "", calfpump_sim_trace_col_name(s, j));
        putchar('\n');
        for (size_t r = 0; r < rows; r++)
            for (size_t j = 0; j < cols; j++)
                printf("%.9g%c", v[j * rows + r], j + 1 < cols ? ',' : '\n');
        if (fflush(stdout) != 0 || ferror(stdout))
            st = CALFPUMP_E_IO;
    }
    free(v);
    if (st)
        snprintf(msg, size, "%s", st == CALFPUMP_E_IO ? strerror(errno) : calfpump_strerror(st));
    return st;
}

/* Write the trace; the message is printed after the summary, so that it
 * is the last line.  Returns the library's status. */
static int write_csv(const run_config *c, calfpump_sim *s, char *msg, size_t size)
{
    int st;
    if (csv_to_stdout(c))
        return write_csv_stdout(s, msg, size);
    st = calfpump_sim_write_csv(s, c->csv);
    if (st) /* keep the message: reading metrics overwrites it */
        snprintf(msg, size, "%s", why(calfpump_sim_errmsg(s), st));
    return st;
}

/* The results: the summary or the metrics, on standard output unless the
 * trace went there. */
static int render_results(const run_config *c, const setup *su, calfpump_sim *s, int csv_ok)
{
    FILE *out = csv_to_stdout(c) ? stderr : stdout;
    int rc;
    if (c->metrics)
        return render_metrics(out, s) ? EXIT_RUNTIME : 0;
    render_header(out, c, su, s);
    rc = render_summary(out, s) ? EXIT_RUNTIME : 0;
    if (c->csv && csv_ok && !csv_to_stdout(c))
        fprintf(out, "\nTrace written to %s (%zu rows x %zu columns)\n", c->csv,
                calfpump_sim_trace_rows(s), calfpump_sim_trace_cols(s));
    return rc;
}

/* Simulate the configured setup and print the results. */
static int run_setup(const run_config *c, const setup *su)
{
    calfpump_sim *s = NULL;
    char csv_msg[600] = "";
    int rc, st, csv_failed = 0, created;
    if ((rc = check_csv_path(c, &created)))
        return rc;
    if ((rc = make_sim(c, su, &s)))
        goto fail;
    if ((st = integrate(s, !c->quiet && isatty(STDERR_FILENO), "")) != CALFPUMP_OK) {
        error("simulation failed: %s", why(calfpump_sim_errmsg(s), st));
        calfpump_sim_free(s);
        rc = st == CALFPUMP_E_RANGE ? EXIT_USAGE : EXIT_RUNTIME;
        goto fail;
    }
    if (c->csv)
        csv_failed = write_csv(c, s, csv_msg, sizeof csv_msg);
    rc = render_results(c, su, s, !csv_failed);
    if (csv_failed) {
        fflush(stdout);
        error("--csv %s: %s", c->csv, csv_msg);
        rc = EXIT_RUNTIME;
    }
    calfpump_sim_free(s);
    return rc;
fail:
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
