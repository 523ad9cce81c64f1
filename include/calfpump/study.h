/**
 * @file calfpump/study.h
 * @brief Many simulations: batches of runs, parameter designs (virtual
 * cohorts), variance-based sensitivity and fitting to measured indices.
 *
 * Included by calfpump.h; applications include calfpump.h only.
 *
 * A #calfpump_batch runs one model through one protocol many times, each
 * run with its own values of chosen model parameters, and collects chosen
 * metrics; runs share nothing, so the results do not depend on the number
 * of threads.  A #calfpump_design holds a probability distribution for
 * each of a set of model parameters and draws reproducible samples from
 * them.  calfpump_sobol_plan() and calfpump_sobol_indices() estimate
 * first-order and total Sobol indices from any function's outputs;
 * calfpump_batch_fit() finds the parameter values whose metrics match
 * measured ones.
 */
#ifndef CALFPUMP_STUDY_H
#define CALFPUMP_STUDY_H

#include <calfpump.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/** @defgroup batch Batches of runs (0.2)
 *
 * One model and one protocol, run once per row of a parameter matrix, on
 * a pool of threads when the library was built with them.  Each run is a
 * fresh simulation: a copy of the model with the row's values set, the
 * protocol's run settings (calfpump_protocol_set_run_integrator(),
 * calfpump_protocol_set_run_option()) applied, and no trace stored.  A run
 * that fails is reported in its status and message; the others go on.
 *  @{ */

/** A batch of runs of one model through one protocol. */
typedef struct calfpump_batch calfpump_batch;

/** A batch progress callback.
 *  @param user  the pointer given to calfpump_batch_set_progress_callback()
 *  @param done  runs finished so far (failed ones included)
 *  @param total runs in this call of calfpump_batch_run()
 *  @return 0 to go on; anything else cancels the runs not yet started,
 *          which get #CALFPUMP_E_CALLBACK. */
typedef int (*calfpump_batch_progress_fn)(void *user, size_t done, size_t total);

/** Create a batch.  The model and the protocol are checked (a simulation
 *  of them is created once) and copied.  By default the batch has no
 *  parameters (every run is the model itself), no metrics, and one
 *  thread.
 *  @param[out] out    receives the batch; set to NULL on failure
 *  @param m           model (copied)
 *  @param p           protocol (copied)
 *  @param[out] errbuf receives the message ("" on success); may be NULL
 *  @param errlen      size of @p errbuf in bytes
 *  @return #CALFPUMP_OK, #CALFPUMP_E_NULL, #CALFPUMP_E_MODEL,
 *          #CALFPUMP_E_INVAL (the protocol), #CALFPUMP_E_NOMEM. */
CALFPUMP_API int calfpump_batch_create(calfpump_batch **out, const calfpump_model *m,
                                       const calfpump_protocol *p, char *errbuf, size_t errlen);
/** Free a batch; NULL is accepted.
 *  @param b the batch, or NULL */
CALFPUMP_API void calfpump_batch_free(calfpump_batch *b);
/** Message about the last failure on this batch, or the summary of the
 *  failed runs of the last calfpump_batch_run().  Never NULL.
 *  @param b the batch (NULL gives a message saying so)
 *  @return the message ("" if none), valid until the next call on @p b. */
CALFPUMP_API const char *calfpump_batch_errmsg(const calfpump_batch *b);

/** Choose the model parameters each run sets: the columns of the
 *  parameter matrix of calfpump_batch_run(), in order.
 *  @param b     batch
 *  @param names model parameter names (calfpump_model_param_name())
 *               separated by ','; NULL or "" for none
 *  @return #CALFPUMP_OK, #CALFPUMP_E_NULL, #CALFPUMP_E_NOTFOUND (the
 *          message names the unknown parameter; the selection is then
 *          empty), #CALFPUMP_E_EXISTS (a name given twice),
 *          #CALFPUMP_E_NOMEM. */
CALFPUMP_API int calfpump_batch_set_params(calfpump_batch *b, const char *names);
/** Choose the metrics each run reports: the columns of the result matrix
 *  of calfpump_batch_run(), in order.
 *  @param b     batch
 *  @param names metric names (calfpump_sim_metric_name() of a simulation
 *               of this model and protocol) separated by ','
 *  @return #CALFPUMP_OK, #CALFPUMP_E_NULL, #CALFPUMP_E_NOTFOUND (the
 *          message names the unknown metric; the selection is then empty),
 *          #CALFPUMP_E_INVAL (empty list), #CALFPUMP_E_NOMEM. */
CALFPUMP_API int calfpump_batch_set_metrics(calfpump_batch *b, const char *names);
/** Number of parameters chosen with calfpump_batch_set_params().
 *  @param b batch
 *  @return the count; 0 if @p b is NULL. */
CALFPUMP_API size_t calfpump_batch_param_count(const calfpump_batch *b);
/** Name of parameter column @p j, or NULL.
 *  @param b batch
 *  @param j column, 0 to calfpump_batch_param_count() - 1
 *  @return the name, owned by the batch, or NULL. */
CALFPUMP_API const char *calfpump_batch_param_name(const calfpump_batch *b, size_t j);
/** Number of metrics chosen with calfpump_batch_set_metrics().
 *  @param b batch
 *  @return the count; 0 if @p b is NULL. */
CALFPUMP_API size_t calfpump_batch_metric_count(const calfpump_batch *b);
/** Name of metric column @p j, or NULL.
 *  @param b batch
 *  @param j column, 0 to calfpump_batch_metric_count() - 1
 *  @return the name, owned by the batch, or NULL. */
CALFPUMP_API const char *calfpump_batch_metric_name(const calfpump_batch *b, size_t j);
/** Run on @p n threads (1 by default; 0: one per online processor).  A
 *  library built without threads runs every batch on the calling thread
 *  whatever @p n is (calfpump_batch_threads() says so).
 *  @param b batch
 *  @param n threads, 0 to 1024
 *  @return #CALFPUMP_OK, #CALFPUMP_E_NULL, #CALFPUMP_E_RANGE. */
CALFPUMP_API int calfpump_batch_set_threads(calfpump_batch *b, unsigned n);
/** Number of threads the next calfpump_batch_run() uses.
 *  @param b batch
 *  @return the count (1 in a library built without threads); 0 if @p b is NULL. */
CALFPUMP_API unsigned calfpump_batch_threads(const calfpump_batch *b);
/** Call @p fn after each finished run (NULL: no callback).  The calls are
 *  made one at a time, from any of the batch's threads.
 *  @param b    batch
 *  @param fn   the callback, or NULL
 *  @param user passed to @p fn
 *  @return #CALFPUMP_OK, #CALFPUMP_E_NULL. */
CALFPUMP_API int calfpump_batch_set_progress_callback(calfpump_batch *b,
                                                      calfpump_batch_progress_fn fn, void *user);
/**
 * Run the model once per row of @p x.  Row i of @p x (row-major, @p n rows
 * of calfpump_batch_param_count() values) gives the chosen parameters'
 * values for run i; row i of @p y receives its metrics.  The results are
 * the same, bit for bit, whatever the number of threads.
 *
 * A run fails when a value is out of its parameter's range, the
 * simulation cannot be created, or the integration fails: its metrics are
 * NaN and its status is the failure's code.  A metric the run does not
 * reach (RT90 when the pressure never recovers) is NaN with status
 * #CALFPUMP_E_STATE.  Either way the run's message is kept
 * (calfpump_batch_run_errmsg()) and the batch goes on; the batch's
 * message then says how many runs failed and why the first did.
 * @param b           batch (with at least one metric)
 * @param n           number of runs
 * @param x           parameter values, n × calfpump_batch_param_count();
 *                    may be NULL when there are no parameters
 * @param[out] y      receives the metrics, n × calfpump_batch_metric_count()
 * @param[out] status receives each run's status (n values); may be NULL
 * @return #CALFPUMP_OK (also when some runs failed: see
 *         calfpump_batch_failed()), #CALFPUMP_E_NULL, #CALFPUMP_E_STATE (no
 *         metrics chosen), #CALFPUMP_E_NOMEM (for the batch itself).
 */
CALFPUMP_API int calfpump_batch_run(calfpump_batch *b, size_t n, const double *x, double *y,
                                    int *status);
/** Number of runs of the last calfpump_batch_run() whose status is not
 *  #CALFPUMP_OK.
 *  @param b batch
 *  @return the count; 0 if @p b is NULL. */
CALFPUMP_API size_t calfpump_batch_failed(const calfpump_batch *b);
/** Message of run @p i of the last calfpump_batch_run().
 *  @param b batch
 *  @param i run index
 *  @return the message ("" when the run succeeded), owned by the batch and
 *          valid until its next run; NULL if @p b is NULL or @p i is out of range. */
CALFPUMP_API const char *calfpump_batch_run_errmsg(const calfpump_batch *b, size_t i);

/**
 * Fit the batch's parameters to measured values of its metrics: bounded
 * (projected) Levenberg-Marquardt on the weighted residuals
 * (metric - target) / sigma, with a forward-difference Jacobian whose
 * columns run as one batch (so on the batch's threads).  The start is
 * projected into the bounds.
 *
 * After the fit, the covariance of the parameters is estimated as
 * (J^T J)^-1 at the optimum; a parameter is reported as not identified
 * (@p identified 0, @p x_sd infinite) when the data do not determine it:
 * its Jacobian column is zero, or it is (nearly) a combination of the
 * others, or its standard deviation exceeds its bound interval.  The
 * batch's message then names it.
 * @param b              batch: its parameters are fitted, its metrics are the data
 * @param target         measured values, one per metric
 * @param sigma          their uncertainties (standard deviations, > 0)
 * @param lo             lower bounds, one per parameter (within the parameter's range)
 * @param hi             upper bounds (> @p lo)
 * @param[in,out] x      start values in, fitted values out
 * @param[out] x_sd      standard deviations of the fitted values; may be NULL
 * @param[out] residual  weighted residuals at the fit, one per metric; may be NULL
 * @param[out] identified 1 or 0 per parameter; may be NULL
 * @param[out] cost      half the sum of squared weighted residuals; may be NULL
 * @return #CALFPUMP_OK (converged), #CALFPUMP_E_NULL, #CALFPUMP_E_STATE (no
 *         parameters or metrics), #CALFPUMP_E_INVAL (more parameters than
 *         metrics), #CALFPUMP_E_RANGE (a bound, target or sigma is not
 *         finite, out of the parameter's range, or sigma <= 0),
 *         #CALFPUMP_E_MAXSTEPS (not converged in 100 iterations: @p x is
 *         the best found), a run's failure at the start point,
 *         #CALFPUMP_E_NOMEM.
 */
CALFPUMP_API int calfpump_batch_fit(calfpump_batch *b, const double *target, const double *sigma,
                                    const double *lo, const double *hi, double *x, double *x_sd,
                                    double *residual, int *identified, double *cost);
/** @} */

/* ------------------------------------------------------------------ */
/** @defgroup design Parameter distributions and samples (0.2)
 *
 * A design gives each of a set of model parameters a distribution:
 * - "uniform(a, b)";
 * - "normal(mean, sd)";
 * - "lognormal(mu, sigma)": exp of normal(mu, sigma);
 * - "fixed(v)";
 * each optionally truncated, "normal(0.5, 0.2) in [0, 1]".  A distribution
 * must stay within its parameter's range (calfpump_model_param_info()):
 * an unbounded one on a bounded parameter needs a truncation.  Samples
 * come from a counter-based generator: value j of sample i depends only
 * on the seed, i and j, so any subset of a sample can be redrawn, on any
 * machine or thread, and comes out the same.
 *  @{ */

/** Distributions of model parameters. */
typedef struct calfpump_design calfpump_design;

/** Create an empty design for the parameters of model @p m (whose names
 *  and ranges are copied; the model is not kept).
 *  @param[out] out    receives the design; set to NULL on failure
 *  @param m           model
 *  @param[out] errbuf receives the message ("" on success); may be NULL
 *  @param errlen      size of @p errbuf in bytes
 *  @return #CALFPUMP_OK, #CALFPUMP_E_NULL, #CALFPUMP_E_NOMEM. */
CALFPUMP_API int calfpump_design_create(calfpump_design **out, const calfpump_model *m,
                                        char *errbuf, size_t errlen);
/** Free a design; NULL is accepted.
 *  @param d the design, or NULL */
CALFPUMP_API void calfpump_design_free(calfpump_design *d);
/** Message about the last failure on this design.  Never NULL.
 *  @param d the design (NULL gives a message saying so)
 *  @return the message ("" if none), valid until the next call on @p d. */
CALFPUMP_API const char *calfpump_design_errmsg(const calfpump_design *d);
/** Give parameter @p param the distribution @p dist (see the group's
 *  description).
 *  @param d     design
 *  @param param model parameter name
 *  @param dist  distribution, e.g. "uniform(0, 1)"
 *  @return #CALFPUMP_OK, #CALFPUMP_E_NULL, #CALFPUMP_E_NOTFOUND (no such
 *          parameter), #CALFPUMP_E_EXISTS (already in the design),
 *          #CALFPUMP_E_INVAL (a syntax error: the message shows where), #CALFPUMP_E_RANGE
 *          (values that are not finite, sd <= 0, b <= a, or a distribution
 *          that leaves the parameter's range), #CALFPUMP_E_NOMEM. */
CALFPUMP_API int calfpump_design_add(calfpump_design *d, const char *param, const char *dist);
/** Add the distributions of a text, one per line, "PARAM DIST" ("#"
 *  starts a comment; blank lines are skipped).  Messages name @p source
 *  and the line ("cohort.txt:3: ...").  On failure the design is
 *  unchanged.
 *  @param d      design
 *  @param text   the text
 *  @param source name for messages (a file name), or NULL ("<string>")
 *  @return as calfpump_design_add(). */
CALFPUMP_API int calfpump_design_parse(calfpump_design *d, const char *text, const char *source);
/** Add the distributions of the file @p path, as calfpump_design_parse().
 *  @param d    design
 *  @param path text file (at most 1 MiB)
 *  @return as calfpump_design_add(), and #CALFPUMP_E_IO. */
CALFPUMP_API int calfpump_design_load(calfpump_design *d, const char *path);
/** Number of parameters in the design.
 *  @param d design
 *  @return the count; 0 if @p d is NULL. */
CALFPUMP_API size_t calfpump_design_count(const calfpump_design *d);
/** Name of the design's parameter @p j, in the order they were added.
 *  @param d design
 *  @param j index, 0 to calfpump_design_count() - 1
 *  @return the name, owned by the design, or NULL. */
CALFPUMP_API const char *calfpump_design_param_name(const calfpump_design *d, size_t j);
/** The distribution of parameter @p j as text, in the form
 *  calfpump_design_add() reads ("normal(0.5, 0.2) in [0, 1]").
 *  @param d design
 *  @param j index
 *  @return the text, owned by the design, or NULL. */
CALFPUMP_API const char *calfpump_design_param_dist(const calfpump_design *d, size_t j);
/** Draw @p n samples: row i of @p x (row-major, n × calfpump_design_count())
 *  is sample @p first + i of the stream given by @p seed.
 *  @param d      design
 *  @param seed   the stream
 *  @param first  index of the first sample
 *  @param n      number of samples
 *  @param[out] x receives the values
 *  @return #CALFPUMP_OK, #CALFPUMP_E_NULL, #CALFPUMP_E_STATE (empty design). */
CALFPUMP_API int calfpump_design_sample(calfpump_design *d, unsigned long seed, size_t first,
                                        size_t n, double *x);
/** Map uniform numbers to parameter values through each distribution's
 *  quantile function: x[i][j] = F_j^-1(u[i][j]).
 *  @param d      design
 *  @param n      number of rows
 *  @param u      values in (0, 1), n × calfpump_design_count()
 *  @param[out] x receives the values (may be @p u)
 *  @return #CALFPUMP_OK, #CALFPUMP_E_NULL, #CALFPUMP_E_STATE (empty design),
 *          #CALFPUMP_E_RANGE (a value of @p u outside (0, 1)). */
CALFPUMP_API int calfpump_design_map(calfpump_design *d, size_t n, const double *u, double *x);
/** @} */

/* ------------------------------------------------------------------ */
/** @defgroup sobol Variance-based sensitivity (0.2)
 *
 * First-order and total Sobol indices of any function of k independent
 * inputs, by the Saltelli sampling plan: matrices A and B of n random
 * points each, and for each input i the matrix AB_i, A with column i
 * taken from B, (k + 2) n evaluations in all.  The first-order index uses
 * Saltelli's 2010 estimator, the total index Jansen's; confidence
 * intervals come from a bootstrap over the n rows.
 *  @{ */

/** A Sobol index pair with its bootstrap confidence intervals. */
typedef struct calfpump_sobol_index {
    double s1;    /**< first-order index */
    double s1_lo; /**< lower end of its confidence interval */
    double s1_hi; /**< upper end */
    double st;    /**< total index */
    double st_lo; /**< lower end of its confidence interval */
    double st_hi; /**< upper end */
} calfpump_sobol_index;

/** Write the sampling plan: (k + 2) n rows of k values in (0, 1), row-major:
 *  rows 0 to n-1 are A, n to 2n-1 are B, and (2 + i) n to (3 + i) n - 1 are
 *  AB_i.  Map them to parameter values with calfpump_design_map().
 *  @param k           number of inputs (1 to 1000)
 *  @param n           base sample size (at least 2)
 *  @param seed        the random stream
 *  @param[out] u      receives (k + 2) n k values
 *  @param[out] errbuf receives the message ("" on success); may be NULL
 *  @param errlen      size of @p errbuf in bytes
 *  @return #CALFPUMP_OK, #CALFPUMP_E_NULL, #CALFPUMP_E_RANGE. */
CALFPUMP_API int calfpump_sobol_plan(size_t k, size_t n, unsigned long seed, double *u,
                                     char *errbuf, size_t errlen);
/** Estimate the indices from the outputs on the plan of
 *  calfpump_sobol_plan().  Rows j whose output is NaN in A, B or any
 *  AB_i are left out of every index (@p used says how many remain).
 *  @param k           number of inputs
 *  @param n           base sample size
 *  @param y           the outputs, (k + 2) n values in the plan's order
 *  @param nboot       bootstrap resamples (0: no intervals, they are NaN)
 *  @param level       confidence level of the intervals, in (0, 1), e.g. 0.95
 *  @param seed        the bootstrap's random stream
 *  @param[out] out    receives k index pairs
 *  @param[out] used   receives the number of rows used; may be NULL
 *  @param[out] errbuf receives the message ("" on success); may be NULL
 *  @param errlen      size of @p errbuf in bytes
 *  @return #CALFPUMP_OK, #CALFPUMP_E_NULL, #CALFPUMP_E_RANGE (k, n or
 *          level), #CALFPUMP_E_STATE (fewer than 2 usable rows, or an output
 *          with no variance), #CALFPUMP_E_NOMEM. */
CALFPUMP_API int calfpump_sobol_indices(size_t k, size_t n, const double *y, size_t nboot,
                                        double level, unsigned long seed,
                                        calfpump_sobol_index *out, size_t *used,
                                        char *errbuf, size_t errlen);
/** @} */

#ifdef __cplusplus
}
#endif
#endif /* CALFPUMP_STUDY_H */
