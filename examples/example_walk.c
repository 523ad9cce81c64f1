/* example_walk.c -- ambulatory venous pressure of the default leg.
 * Build: cc example_walk.c $(pkg-config --cflags --libs calfpump) */
#include <stdio.h>
#include <calfpump.h>

int main(void)
{
    static const char *const metric[] = {"avp.rest", "avp.exercise",
                                         "avp.fall", "avp.rt90"};
    static const char *const unit[] = {"mmHg", "mmHg", "mmHg", "s"};
    calfpump_model *model = NULL;
    calfpump_protocol *protocol = NULL;
    calfpump_sim *sim = NULL;
    int status;

    /* The default adult leg and the "avp" protocol: stand 60 s, walk
     * at 3 km/h for 60 s, stand 90 s.  Each call returns CALFPUMP_OK or
     * a negative status code. */
    status = calfpump_model_new_default(&model);
    if (status == CALFPUMP_OK)
        status = calfpump_protocol_new_named(&protocol, "avp");
    if (status == CALFPUMP_OK) /* copies the model and the protocol */
        status = calfpump_sim_new(&sim, model, protocol);
    if (status == CALFPUMP_OK)
        status = calfpump_sim_run(sim);
    for (int i = 0; i < 4 && status == CALFPUMP_OK; i++) {
        double value;
        status = calfpump_sim_metric(sim, metric[i], &value);
        if (status == CALFPUMP_OK)
            printf("%-12s %7.2f %s\n", metric[i], value, unit[i]);
    }
    if (status != CALFPUMP_OK) /* the handle involved has the details */
        fprintf(stderr, "example_walk: %s: %s\n", calfpump_strerror(status),
                sim ? calfpump_sim_errmsg(sim)
                    : calfpump_model_errmsg(model));

    calfpump_sim_free(sim); /* the free functions accept NULL */
    calfpump_protocol_free(protocol);
    calfpump_model_free(model);
    return status == CALFPUMP_OK ? 0 : 1;
}
