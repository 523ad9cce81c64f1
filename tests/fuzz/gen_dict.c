/* gen_dict.c -- the libFuzzer dictionary of the model-file format, from
 * the library's registries: section names, every key (model parameters,
 * segment parameters, run options and the fixed keys) and the words a
 * value can be (regions, layers, postures, activities, conditions,
 * integrators).
 *
 *   gen_dict --print       the dictionary on standard output
 *   gen_dict [FILE]        check that FILE (default: the committed
 *                          $abs_top_srcdir/tests/fuzz/cfp.dict) is up to
 *                          date ("make check")
 *
 * White box: regions and layers have no public list. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/internal.h"

#define DICT_MAX 65536

typedef struct dict {
    char text[DICT_MAX];
    size_t len;
} dict;

/* One entry, NAME="VALUE", escaped as libFuzzer reads it; an entry that
 * is already there is left out. */
static void put(dict *d, const char *kind, const char *value)
{
    char line[512];
    size_t k = (size_t)snprintf(line, sizeof line, "%s=\"", kind);
    for (const char *c = value; *c && k + 8 < sizeof line; c++)
        k += (size_t)(*c == '"' || *c == '\\'
                          ? snprintf(line + k, sizeof line - k, "\\%c", *c)
                          : snprintf(line + k, sizeof line - k, "%c", *c));
    snprintf(line + k, sizeof line - k, "\"\n");
    if (strstr(d->text, strchr(line, '=')) == NULL && d->len + strlen(line) < DICT_MAX)
        d->len += (size_t)snprintf(d->text + d->len, DICT_MAX - d->len, "%s", line);
}

static void put_key(dict *d, const char *key)
{
    char kv[128];
    snprintf(kv, sizeof kv, "%s = ", key);
    put(d, "key", kv);
}

/* Keys of a model parameter: "comp.x.v0" -> "v0", "cvp" -> "cvp". */
static void model_keys(dict *d)
{
    calfpump_model *m = NULL;
    if (calfpump_model_new(&m) || calfpump_model_add_compartment(m, "x", "calf", "deep") ||
        calfpump_model_add_connection(m, "x", "x", "ra", 1)) {
        fprintf(stderr, "gen_dict: cannot build the probe model\n");
        exit(EXIT_FAILURE);
    }
    for (size_t i = 0; i < calfpump_model_param_count(m); i++) {
        const char *name = calfpump_model_param_name(m, i), *dot = strrchr(name, '.');
        put_key(d, dot ? dot + 1 : name);
    }
    calfpump_model_free(m);
}

static void build(dict *d)
{
    static const char *const sections[] = {"[global]", "[compartment ", "[connection ",
                                            "[condition]", "[segment]", "[run]"};
    static const char *const fixed[] = {"region", "layer", "from", "to", "valve", "apply",
                                        "posture", "activity", "duration", "integrator",
                                        "waveform_foot", "waveform_calf", "waveform_thigh"};
    static const char *const words[] = {"yes", "no", "ra", "once", "periodic"};
    d->len = 0;
    d->text[0] = '\0';
    put(d, "header", "calfpump-model 1");
    for (size_t i = 0; i < sizeof sections / sizeof *sections; i++)
        put(d, "section", sections[i]);
    for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++)
        put_key(d, fixed[i]);
    model_keys(d);
    for (size_t i = 0; i < calfpump_protocol_param_count(); i++)
        put_key(d, calfpump_protocol_param_name(i));
    for (size_t i = 0; i < calfpump_run_option_count(); i++)
        put_key(d, calfpump_run_option_name(i));
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        put(d, "word", words[i]);
    for (int i = 0; i < CFP_REG_COUNT; i++)
        put(d, "word", cfp_region_names[i]);
    for (int i = 0; i < CFP_LAYER_COUNT; i++)
        put(d, "word", cfp_layer_names[i]);
    for (size_t i = 0; i < calfpump_posture_count(); i++)
        put(d, "word", calfpump_posture_name(i));
    for (size_t i = 0; i < calfpump_activity_count(); i++)
        put(d, "word", calfpump_activity_name(i));
    for (size_t i = 0; i < calfpump_condition_count(); i++)
        put(d, "word", calfpump_condition_name(i));
    for (size_t i = 0; i < calfpump_integrator_count(); i++)
        put(d, "word", calfpump_integrator_name(i));
}

int main(int argc, char **argv)
{
    static dict want, have;
    const char *top = getenv("abs_top_srcdir");
    char path[4096];
    FILE *f;
    build(&want);
    if (argc > 1 && strcmp(argv[1], "--print") == 0) {
        fputs("# libFuzzer dictionary of the model-file format (tests/fuzz/gen_dict --print)\n",
              stdout);
        fputs(want.text, stdout);
        return 0;
    }
    snprintf(path, sizeof path, "%s", argc > 1 ? argv[1] : "");
    if (argc <= 1)
        snprintf(path, sizeof path, "%s/tests/fuzz/cfp.dict", top ? top : ".");
    if (!(f = fopen(path, "r"))) {
        fprintf(stderr, "gen_dict: cannot read %s\n", path);
        return EXIT_FAILURE;
    }
    have.len = fread(have.text, 1, DICT_MAX - 1, f);
    have.text[have.len] = '\0';
    fclose(f);
    /* The comment line, then the entries. */
    if (strchr(have.text, '\n') == NULL || strcmp(strchr(have.text, '\n') + 1, want.text) != 0) {
        fprintf(stderr, "gen_dict: %s is out of date: regenerate it with\n"
                        "  tests/fuzz/gen_dict --print > %s\n", path, path);
        return EXIT_FAILURE;
    }
    printf("gen_dict: %s is up to date\n", path);
    return 0;
}
