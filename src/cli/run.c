/* run.c -- "calfpump run": simulate a protocol, print the clinical
 * summary (or the metrics) and optionally write the trace. */
#define _POSIX_C_SOURCE 200809L /* isatty() with -std=c99 */
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

/* Write the trace; the message is printed after the summary, so that it
 * is the last line.  Returns the library's status. */
static int write_csv(calfpump_sim *s, const char *path, char *msg, size_t size)
{
    int st = calfpump_sim_write_csv(s, path);
    if (st) /* keep the message: reading metrics overwrites it */
        snprintf(msg, size, "%s", why(calfpump_sim_errmsg(s), st));
    return st;
}

/* Simulate the configured setup and print the results. */
static int run_setup(const run_config *c, const setup *su)
{
    calfpump_sim *s = NULL;
    char csv_msg[600] = "";
    int rc, st, csv_failed = 0;
    if ((rc = make_sim(c, su, &s)))
        return rc;
    if ((st = integrate(s, !c->quiet && isatty(STDERR_FILENO), "")) != CALFPUMP_OK) {
        error("simulation failed: %s", why(calfpump_sim_errmsg(s), st));
        calfpump_sim_free(s);
        return st == CALFPUMP_E_RANGE ? EXIT_USAGE : EXIT_RUNTIME;
    }
    if (c->csv)
        csv_failed = write_csv(s, c->csv, csv_msg, sizeof csv_msg);
    if (c->metrics) {
        rc = render_metrics(s) ? EXIT_RUNTIME : 0;
    } else {
        render_header(c, su, s);
        rc = render_summary(s) ? EXIT_RUNTIME : 0;
        if (c->csv && !csv_failed)
            printf("\nTrace written to %s (%zu rows x %zu columns)\n", c->csv,
                   calfpump_sim_trace_rows(s), calfpump_sim_trace_cols(s));
    }
    if (csv_failed) {
        fflush(stdout);
        error("--csv %s: %s", c->csv, csv_msg);
        rc = EXIT_RUNTIME;
    }
    calfpump_sim_free(s);
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
