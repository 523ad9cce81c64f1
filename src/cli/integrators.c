/* integrators.c -- the integrators the program can run: the library's
 * built-in ones and the plug-ins it was built with.  This is the only
 * place that knows which plug-ins exist. */
#include <string.h>

#include <calfpump/sys/integrator.h>

#include "cli.h"

/* A plug-in integrator: its table and a few words about it. */
typedef struct {
    const calfpump_integrator_ops *(*ops)(void);
    void (*about)(strbuf *b);
} plugin;

#ifdef CALFPUMP_HAVE_CVODE /* built with the SUNDIALS CVODE plug-in */
#include <calfpump/cvode.h>
static void cvode_about(strbuf *b)
{
    sb_printf(b, "plug-in: SUNDIALS %s", calfpump_cvode_version_string());
}
#define PLUGIN_CVODE {calfpump_cvode_integrator, cvode_about},
#else
#define PLUGIN_CVODE
#endif

static const plugin plugins[] = {PLUGIN_CVODE{NULL, NULL}};

static const plugin *find_plugin(const char *name)
{
    for (const plugin *p = plugins; p->ops; p++)
        if (strcmp(p->ops()->name, name) == 0)
            return p;
    return NULL;
}

const char *default_integrator(void)
{
    return calfpump_integrator_default(); /* what calfpump_sim_new() chooses */
}

int integrator_known(const char *name)
{
    return calfpump_integrator_builtin(name) != NULL || find_plugin(name) != NULL;
}

int set_integrator(calfpump_sim *s, const char *name)
{
    const plugin *p = find_plugin(name);
    return p ? calfpump_sim_set_integrator_ops(s, p->ops()) : calfpump_sim_set_integrator(s, name);
}

void print_integrators(void)
{
    size_t n = calfpump_integrator_count();
    for (size_t i = 0; i < n; i++) {
        const char *name = calfpump_integrator_name(i);
        if (name)
            printf("  %s%s\n", name, strcmp(name, default_integrator()) == 0 ? "  (default)" : "");
    }
    for (const plugin *p = plugins; p->ops; p++) {
        char about[128];
        strbuf b = sb_init(about, sizeof about);
        p->about(&b);
        printf("  %s  (%s)\n", p->ops()->name, about);
    }
}
