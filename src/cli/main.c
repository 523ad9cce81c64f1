/* calfpump -- command-line front end of libcalfpump.
 *
 *   calfpump --help | --version
 *   calfpump run [FILE] [options]     simulate a protocol, print a clinical summary
 *   calfpump compare [FILE] [options] --with SPEC...
 *                                     run variants, print one table
 *   calfpump check FILE...            validate model files
 *   calfpump save [options] FILE      write the configured model and protocol
 *   calfpump cohort [FILE] [options]  a virtual cohort (--dist, --vary)
 *   calfpump sensitivity [FILE] [options]  Sobol indices
 *   calfpump fit [FILE] [options]     fit parameters to measured indices
 *   calfpump list [TOPIC]             conditions, protocols, activities, ...
 *
 * Exit status: 0 success, 1 runtime failure (the simulation or a file
 * failed), 2 usage error (bad command line, unknown name, value out of
 * range, invalid model file).  Every message goes to stderr; results go to
 * stdout.
 */
#include <string.h>

#include "study.h"

static const struct {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *usage; /* arguments */
    const char *help;  /* one line */
} commands[] = {
    {"run", cmd_run, "[FILE] [OPTION]...",
     "simulate a protocol and print a clinical summary; FILE is a model file (default: the "
     "default adult leg)"},
    {"compare", cmd_compare, "[FILE] [OPTION]... --with SPEC [--with SPEC]...",
     "simulate the base configuration and variants of it, print one table with a column per "
     "configuration"},
    {"check", cmd_check, "FILE...", "validate model files"},
    {"save", cmd_save, "[OPTION]... FILE",
     "write the model and protocol the options describe to a model file, to edit and run"},
    {"cohort", cmd_cohort, "[FILE] [OPTION]... (--dist FILE | --vary PARAM=DIST)...",
     "simulate a virtual cohort of legs with parameters drawn from distributions; a table of "
     "each leg's parameters and metrics, and their summary"},
    {"sensitivity", cmd_sensitivity, "[FILE] [OPTION]... (--dist FILE | --vary PARAM=DIST)...",
     "first-order and total Sobol indices of the metrics with respect to the varied "
     "parameters"},
    {"fit", cmd_fit, "[FILE] [OPTION]... --data METRIC=VALUE:SD... --fit PARAM=LO:HI...",
     "fit model parameters to measured indices (bounded least squares), with uncertainties"},
    {"list", cmd_list, "[TOPIC]",
     "list conditions, protocols, integrators; 'list TOPIC' lists activities, postures, "
     "params, segment-params, run-options, metrics or columns"},
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

static void usage_main(FILE *f)
{
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(f, "%s " PROG " %s %s\n", i ? "      " : "Usage:", commands[i].name,
                commands[i].usage);
    fprintf(f, "       " PROG " --help | --version\n"
               "\n"
               "Simulate the human calf muscle pump (libcalfpump %s).\n"
               "\n"
               "Commands:\n",
            calfpump_version_string());
    for (size_t i = 0; i < N_COMMANDS; i++) {
        fprintf(f, "  %-11s ", commands[i].name);
        print_wrapped(f, commands[i].help, 14, 14);
    }
    fprintf(f, "\n"
               "Options:\n"
               "  -h, --help                  show this help and exit\n"
               "  -V, --version               print the library version and exit\n"
               "\n"
               "Options of run, compare and save:\n");
    print_options(f, C_ALL, 1);
    fprintf(f, "\n"
               "'" PROG " COMMAND --help' shows the help of one command.\n"
               "Exit status: 0 success, 1 runtime failure, 2 usage error.\n"
               "See calfpump(1).\n");
}

static int is_arg(const char *a, const char *shortname, const char *longname)
{
    return strcmp(a, shortname) == 0 || strcmp(a, longname) == 0;
}

int main(int argc, char **argv)
{
    const char *cmd;
    if (argc < 2) {
        error("no command given");
        usage_main(stderr);
        return EXIT_USAGE;
    }
    cmd = argv[1];
    if (is_arg(cmd, "-h", "--help") || is_arg(cmd, "-V", "--version")) {
        if (argc > 2) {
            error("%s: unexpected argument '%s'", cmd, argv[2]);
            return EXIT_USAGE;
        }
        if (is_arg(cmd, "-h", "--help"))
            usage_main(stdout);
        else
            printf(PROG " (libcalfpump) %s\n", calfpump_version_string());
        return finish_stdout(0);
    }
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (strcmp(cmd, commands[i].name) == 0)
            return finish_stdout(commands[i].fn(argc - 1, argv + 1));
    if (cmd[0] == '-') {
        error("unknown option '%s' (see '" PROG " --help')", cmd);
    } else {
        char names[128];
        strbuf b = sb_init(names, sizeof names);
        for (size_t i = 0; i < N_COMMANDS; i++)
            sb_printf(&b, "%s%s", sb_sep(&b), commands[i].name);
        error("unknown command '%s' (commands: %s; see '" PROG " --help')", cmd, names);
    }
    return EXIT_USAGE;
}
