/* save.c -- "calfpump save": write the configured model, protocol and run
 * settings to a model file (calfpump_model_write()). */
#include "setup.h"

static void usage_save(FILE *f)
{
    fprintf(f, "Usage: " PROG " save [OPTION]... FILE\n"
               "\n"
               "Write the model (the default leg, or --model, changed by --condition,\n"
               "--set and --height), the protocol (--segment, --protocol or the segments\n"
               "of --model, with --speed, --rpm, --flat-foot, --stocking, --ipc) and the\n"
               "run settings (--integrator, --rtol, ..., with those of --model's [run])\n"
               "to the model file FILE, which '" PROG " run FILE' runs with the same\n"
               "result.  FILE is overwritten.  The default leg is installed as\n"
               "%s.\n"
               "\n"
               "Options:\n",
            calfpump_default_model_path());
    print_options(f, C_SAVE, 0);
    fprintf(f, "\n"
               "Exit status: 0 success, 1 the file could not be written, 2 usage error.\n");
}

/* The one positional argument: the file to write. */
static int output_file(const run_config *c, const char **out)
{
    if (c->pos.n == 0) {
        error("save: no output file given (usage: " PROG " save [OPTION]... FILE)");
        return EXIT_USAGE;
    }
    if (c->pos.n > 1) {
        error("save: unexpected argument '%s' (one output file; the model file to start "
              "from is given with --model)", c->pos.v[1]);
        return EXIT_USAGE;
    }
    if (*c->pos.v[0] == '\0') {
        error("save: the output file name is empty");
        return EXIT_USAGE;
    }
    *out = c->pos.v[0];
    return 0;
}

/* Check that the setup makes a simulation, then write it. */
static int save_setup(const run_config *c, const setup *su, const char *out)
{
    calfpump_sim *s = NULL;
    char err[1024];
    int rc, st;
    if ((rc = make_sim(c, su, &s))) /* what is saved must run */
        return rc;
    calfpump_sim_free(s);
    if ((st = calfpump_model_write(su->m, su->p, out, err, sizeof err)) != CALFPUMP_OK) {
        error("%s", why(err, st));
        return exit_of(st);
    }
    if (!c->quiet)
        printf("%s: saved (%zu compartments, %zu connections, %zu segments, %g s)\n", out,
               calfpump_model_compartment_count(su->m), calfpump_model_connection_count(su->m),
               calfpump_protocol_segment_count(su->p), calfpump_protocol_duration(su->p));
    return 0;
}

int cmd_save(int argc, char **argv)
{
    run_config c;
    setup su = {0};
    const char *out = NULL;
    int rc;
    run_config_init(&c);
    rc = parse_args(C_SAVE, argc, argv, &c);
    if (rc == 0 && c.help)
        usage_save(stdout);
    else if (rc == 0 && (rc = output_file(&c, &out)) == 0 && (rc = build_setup(&c, &su)) == 0)
        rc = save_setup(&c, &su, out);
    setup_free(&su);
    run_config_free(&c);
    return rc;
}
