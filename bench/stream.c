/* stream.c -- a long run streamed to a CSV file ("make bench-stream").
 * Public API only.
 *
 * The protocol: HOURS hours of sitting, with a walk (3 km/h) of WALK
 * seconds at the end of every hour, built with calfpump_protocol_add_segment().
 * The run streams every row (default output interval 20 ms) to CSV with
 * the trace not stored, and prints wall time, rows, file size and the key
 * metrics.  With --compare H it also runs the first H hours twice, stored
 * and streamed, and counts the metrics that differ (bit for bit).  Peak
 * memory is measured from outside: make bench-stream runs this program
 * under /usr/bin/time -v.
 *
 * Usage: bench-stream [--hours N] [--walk S] [--csv FILE] [--compare H]
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <calfpump.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int check(int st, const char *what, const char *msg)
{
    if (st)
        fprintf(stderr, "bench-stream: %s: %s (%s)\n", what, calfpump_strerror(st), msg);
    return st;
}

/* hours of sitting, a walk of walk s closing every hour; NULL on error. */
static calfpump_sim *day(double hours, double walk)
{
    calfpump_model *m = NULL;
    calfpump_protocol *p = NULL;
    calfpump_sim *s = NULL;
    char err[512];
    int st = calfpump_model_new_default(&m);
    if (!st)
        st = calfpump_protocol_new(&p);
    for (double h = 0; !st && h < hours - 1e-9; h++) {
        double len = fmin(1.0, hours - h) * 3600.0;
        st = calfpump_protocol_add_segment(p, "sitting", "still", len - walk, NULL);
        if (!st)
            st = calfpump_protocol_add_segment(p, "standing", "walk", walk, NULL);
    }
    if (!st)
        st = calfpump_sim_create(&s, m, p, err, sizeof err);
    else
        snprintf(err, sizeof err, "%s", p ? calfpump_protocol_errmsg(p) : "");
    check(st, "setup", err);
    calfpump_model_free(m);
    calfpump_protocol_free(p);
    return st ? NULL : s;
}

static int run(calfpump_sim *s, const char *what)
{
    double t0 = now();
    int st = calfpump_sim_run(s);
    if (check(st, what, calfpump_sim_errmsg(s)))
        return st;
    printf("%-28s %8.1f s wall for %.0f s simulated\n", what, now() - t0, calfpump_sim_time(s));
    return 0;
}

/* Every metric of a and b: how many agree bit for bit, how many differ. */
static int compare(calfpump_sim *a, calfpump_sim *b)
{
    size_t n = calfpump_sim_metric_count(a), same = 0, differ = 0, undefined = 0;
    for (size_t i = 0; i < n; i++) {
        const char *name = calfpump_sim_metric_name(a, i);
        double x = NAN, y = NAN;
        int sa = calfpump_sim_metric(a, name, &x), sb = calfpump_sim_metric(b, name, &y);
        if (sa || sb) {
            undefined += sa && sb;
            differ += (sa == 0) != (sb == 0);
            continue;
        }
        if (memcmp(&x, &y, sizeof x) == 0)
            same++;
        else {
            differ++;
            printf("  differs: %s = %.17g stored, %.17g streamed\n", name, x, y);
        }
    }
    printf("metrics stored vs streamed: %zu identical, %zu differ, %zu undefined in both\n", same,
           differ, undefined);
    return differ != 0;
}

static void key_metrics(calfpump_sim *s)
{
    static const char *const names[] = {"avp.rest", "avp.fall", "avp.rt90", "return.mean",
                                        "conservation.error", "stasis.calf_sinuses.low_flow",
                                        "stasis.popliteal.low_flow", "stasis.popliteal.velocity"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        double v = NAN;
        calfpump_sim_metric(s, names[i], &v);
        printf("  %-30s %.6g\n", names[i], v);
    }
}

int main(int argc, char **argv)
{
    double hours = 24, walk = 300, cmp_hours = 0;
    const char *csv = "bench-stream.csv";
    calfpump_sim *s;
    FILE *f;
    int rc = 0;
    for (int i = 1; i < argc; i += 2) {
        if (i + 1 >= argc)
            argv[i] = ""; /* an option without its value: usage */
        if (strcmp(argv[i], "--hours") == 0)
            hours = atof(argv[i + 1]);
        else if (strcmp(argv[i], "--walk") == 0)
            walk = atof(argv[i + 1]);
        else if (strcmp(argv[i], "--csv") == 0)
            csv = argv[i + 1];
        else if (strcmp(argv[i], "--compare") == 0)
            cmp_hours = atof(argv[i + 1]);
        else {
            fprintf(stderr,
                    "usage: bench-stream [--hours N] [--walk S] [--csv FILE] [--compare H]\n");
            return 2;
        }
    }
    if (cmp_hours > 0) {
        calfpump_sim *a = day(cmp_hours, walk), *b = day(cmp_hours, walk);
        if (!a || !b || check(calfpump_sim_set_store_trace(b, 0), "store", "") ||
            run(a, "stored (first hours)") || run(b, "streamed (first hours)"))
            return 1;
        rc = compare(a, b);
        calfpump_sim_free(a);
        calfpump_sim_free(b);
        return rc;
    }
    if (!(s = day(hours, walk)))
        return 1;
    if (check(calfpump_sim_set_store_trace(s, 0), "store", calfpump_sim_errmsg(s)) ||
        check(calfpump_sim_stream_csv_file(s, csv), "csv", calfpump_sim_errmsg(s)) ||
        run(s, "streamed to CSV"))
        return 1;
    if ((f = fopen(csv, "rb")) && fseek(f, 0, SEEK_END) == 0)
        printf("%-28s %.0f rows, %.1f MB\n", csv, floor(calfpump_sim_time(s) / 0.02 + 1e-9) + 1,
               (double)ftell(f) / 1e6);
    if (f)
        fclose(f);
    key_metrics(s);
    calfpump_sim_free(s);
    return rc;
}
