/* study.h -- what the many-simulation commands (cohort, sensitivity, fit)
 * share: the batch and the design of a configuration, the runs (on this
 * process's threads, or spread over MPI ranks by calfpump-mpi), and the
 * output table. */
#ifndef CALFPUMP_CLI_STUDY_H
#define CALFPUMP_CLI_STUDY_H

#include "setup.h"

/* Run the rows of x through b (as calfpump_batch_run()).  calfpump-mpi
 * replaces it by one that spreads the rows over the MPI ranks; the
 * library's status. */
typedef int (*study_rows_fn)(calfpump_batch *b, size_t n, const double *x, double *y,
                             int *status);
extern study_rows_fn study_run_rows;
/* The message of run i (status: its status), as calfpump_batch_run_errmsg();
 * calfpump-mpi's knows only the runs of its own rank. */
typedef const char *(*study_message_fn)(const calfpump_batch *b, size_t i, int status);
extern study_message_fn study_run_message;
/* Non-zero in the process that writes the results (MPI rank 0, or the
 * only process). */
extern int study_writer;
/* Threads when --threads is not given: 0 (one per processor); calfpump-mpi
 * runs one per rank. */
extern unsigned study_default_threads;

/* The batch of a configuration: its model and protocol, its threads, a
 * progress line if show_progress(c).  Returns 0 or an exit status after a
 * message. */
int study_batch(const run_config *c, setup *su, calfpump_batch **b);
/* The design of --dist FILEs and --vary PARAM=DISTs (at least one).
 * Returns 0 or an exit status after a message. */
int study_design(const char *cname, const run_config *c, const calfpump_model *m,
                 calfpump_design **d);
/* Set the batch's parameters to the design's. */
int study_params_from_design(calfpump_batch *b, const calfpump_design *d);
/* Set the batch's metrics: --outputs, or the key measures that the base
 * model defines with this protocol (found by a probe run, which clears
 * the parameters: call this before study_params_from_design()).  Returns
 * 0 or an exit status. */
int study_outputs(const char *cname, const run_config *c, calfpump_batch *b);
/* Run the rows, with a progress line on stderr if progress.  Returns 0 or
 * an exit status after a message (failed runs are not a failure). */
int study_run(const char *what, calfpump_batch *b, size_t n, const double *x, double *y,
              int *status, int progress);

/* The output table: --out FILE (".csv": commas, else tabs) or standard
 * output; *summary is where the summary goes (stderr when the table goes
 * to standard output).  Returns 0 or an exit status after a message. */
typedef struct {
    FILE *f;
    char sep;
    const char *path; /* NULL: standard output */
} study_table;
int study_table_open(const run_config *c, study_table *t, FILE **summary);
/* Close it; a write error becomes EXIT_RUNTIME.  rc: the status so far. */
int study_table_close(study_table *t, int rc);
/* One cell: a number with 17 significant digits (NaN as "NA"), or text. */
void study_cell_number(study_table *t, int first, double v);
void study_cell_text(study_table *t, int first, const char *s);

/* Sorted copy of the finite values of column j of y (n rows, stride
 * columns); *count gets their number.  NULL after a message. */
double *study_sorted_column(const double *y, size_t n, size_t stride, size_t j, size_t *count);
/* Quantile q of sorted values v[0..n-1] (linear interpolation, n > 0). */
double study_quantile(const double *v, size_t n, double q);

/* A command: parse its options (help: usage), build the batch and, if the
 * command varies parameters (cohort, sensitivity), the design, and run the body.  Returns the exit status. */
typedef int (*study_body)(const run_config *c, const setup *su, calfpump_batch *b,
                          calfpump_design *d);
int study_main(unsigned cmd, int argc, char **argv, void (*usage)(FILE *), study_body body);

int cmd_cohort(int argc, char **argv);
int cmd_sensitivity(int argc, char **argv);
int cmd_fit(int argc, char **argv);

#endif
