/* check.c -- "calfpump check": validate model files. */
#include <string.h>

#include "setup.h"

static void usage_check(FILE *f)
{
    fprintf(f, "Usage: " PROG " check FILE...\n"
               "\n"
               "Validate model files: for each, print 'FILE: OK (N compartments, M\n"
               "connections, K segments, T s)' or the error with its line number.\n"
               "\n"
               "Exit status: 0 every file is valid, 1 a file cannot be read, 2 a file\n"
               "is invalid.\n");
}

/* The model and the protocol must make a simulation (a protocol-only
 * file is run with the default leg).  Returns 0 or an exit status after
 * a message. */
static int check_simulation(const char *path, const calfpump_model *m,
                            const calfpump_protocol *p)
{
    calfpump_model *dm = NULL;
    calfpump_sim *s = NULL;
    char err[1024];
    int st;
    if (calfpump_model_compartment_count(m) == 0) {
        if ((st = calfpump_model_new_default(&dm)) != CALFPUMP_OK) {
            error("cannot create the default model: %s", calfpump_strerror(st));
            return EXIT_RUNTIME;
        }
        m = dm;
    }
    st = calfpump_sim_create(&s, m, p, err, sizeof err);
    if (st)
        error("%s: cannot be simulated: %s", path, why(err, st));
    calfpump_sim_free(s);
    calfpump_model_free(dm);
    return st ? exit_of(st) : 0;
}

static int check_file(const char *path)
{
    calfpump_model *m = NULL;
    calfpump_protocol *p = NULL;
    const char *integ;
    size_t nseg;
    int rc;
    if ((rc = load_file(path, &m, &p)))
        return rc;
    nseg = p ? calfpump_protocol_segment_count(p) : 0;
    integ = p ? calfpump_protocol_run_integrator(p) : NULL;
    if (integ && !integrator_known(integ)) {
        error("%s: [run] integrator '%s' is unknown (see '" PROG " list integrators')", path,
              integ);
        rc = EXIT_USAGE;
    } else if (nseg > 0) {
        rc = check_simulation(path, m, p);
    }
    if (rc == 0)
        printf("%s: OK (%zu compartments, %zu connections, %zu segments, %g s)\n", path,
               calfpump_model_compartment_count(m), calfpump_model_connection_count(m), nseg,
               p ? calfpump_protocol_duration(p) : 0.0);
    calfpump_protocol_free(p);
    calfpump_model_free(m);
    return rc;
}

int cmd_check(int argc, char **argv)
{
    int rc = 0, i = 1;
    if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        usage_check(stdout);
        return 0;
    }
    if (argc > 1 && strcmp(argv[1], "--") == 0)
        i = 2;
    else
        for (int k = 1; k < argc; k++)
            if (argv[k][0] == '-' && argv[k][1] != '\0') {
                error("check: unknown option '%s' (see '" PROG " check --help')", argv[k]);
                return EXIT_USAGE;
            }
    if (i >= argc) {
        error("check: no model file given");
        usage_check(stderr);
        return EXIT_USAGE;
    }
    for (; i < argc; i++) {
        int r = check_file(argv[i]);
        fflush(stdout);
        if (r > rc)
            rc = r;
    }
    return rc;
}
