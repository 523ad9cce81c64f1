/* calfpump-mpi -- "cohort" and "sensitivity" of calfpump, with the runs
 * spread over MPI ranks:
 *
 *   mpirun -n K calfpump-mpi cohort [FILE] [OPTION]...
 *   mpirun -n K calfpump-mpi sensitivity [FILE] [OPTION]...
 *
 * Every rank parses the same command line and draws the same samples
 * (they depend only on the seed); rank r runs the r-th contiguous block of
 * rows, and every rank receives all results (MPI_Allgatherv), so rank 0
 * writes what the serial program writes, bit for bit.  Each rank runs one
 * thread unless --threads says otherwise.  Only rank 0 prints. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mpi.h>

#include "../cli/study.h"

static size_t block_lo, block_hi; /* this rank's rows of the last run */

/* counts[r], displs[r]: rank r's block of n rows of w values. */
static int blocks(size_t n, size_t w, int size, int *counts, int *displs)
{
    for (int r = 0; r < size; r++) {
        size_t lo = n * (size_t)r / (size_t)size, hi = n * (size_t)(r + 1) / (size_t)size;
        if ((hi - lo) * w > INT_MAX || lo * w > INT_MAX)
            return -1;
        counts[r] = (int)((hi - lo) * w);
        displs[r] = (int)(lo * w);
    }
    return 0;
}

static int mpi_rows(calfpump_batch *b, size_t n, const double *x, double *y, int *status)
{
    int rank, size, st, worst;
    size_t np = calfpump_batch_param_count(b), nm = calfpump_batch_metric_count(b), m;
    int *cy, *dy, *cs, *ds;
    double *ly;
    int *ls;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    block_lo = n * (size_t)rank / (size_t)size;
    block_hi = n * (size_t)(rank + 1) / (size_t)size;
    m = block_hi - block_lo;
    cy = malloc(4 * (size_t)size * sizeof *cy);
    ly = malloc((m * nm + 1) * sizeof *ly);
    ls = malloc((m + 1) * sizeof *ls);
    if (!cy || !ly || !ls) {
        free(cy);
        free(ly);
        free(ls);
        return CALFPUMP_E_NOMEM;
    }
    dy = cy + size;
    cs = dy + size;
    ds = cs + size;
    if (blocks(n, nm, size, cy, dy) || blocks(n, 1, size, cs, ds))
        st = CALFPUMP_E_RANGE; /* too many values for one MPI call */
    else
        st = calfpump_batch_run(b, m, x ? x + block_lo * np : NULL, ly, ls);
    MPI_Allreduce(&st, &worst, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    if (worst == CALFPUMP_OK) {
        MPI_Allgatherv(ly, cy[rank], MPI_DOUBLE, y, cy, dy, MPI_DOUBLE, MPI_COMM_WORLD);
        MPI_Allgatherv(ls, cs[rank], MPI_INT, status ? status : ls, cs, ds, MPI_INT,
                       MPI_COMM_WORLD);
    }
    free(cy);
    free(ly);
    free(ls);
    return worst;
}

/* Messages are known for this rank's runs only. */
static const char *mpi_message(const calfpump_batch *b, size_t i, int status)
{
    if (i >= block_lo && i < block_hi) {
        const char *m = calfpump_batch_run_errmsg(b, i - block_lo);
        if (m && *m)
            return m;
    }
    return calfpump_strerror(status);
}

static void usage(FILE *f)
{
    fprintf(f, "Usage: mpirun -n K calfpump-mpi cohort|sensitivity [FILE] [OPTION]...\n"
               "Runs 'calfpump cohort' or 'calfpump sensitivity' with the runs spread over the\n"
               "MPI ranks (see calfpump(1)); the results are those of the serial command.\n");
}

int main(int argc, char **argv)
{
    int rank, rc;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    study_run_rows = mpi_rows;
    study_run_message = mpi_message;
    study_default_threads = 1;
    if (rank != 0) {
        study_writer = 0;
        if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr))
            MPI_Abort(MPI_COMM_WORLD, EXIT_RUNTIME);
    }
    if (argc >= 2 && strcmp(argv[1], "cohort") == 0)
        rc = cmd_cohort(argc - 1, argv + 1);
    else if (argc >= 2 && strcmp(argv[1], "sensitivity") == 0)
        rc = cmd_sensitivity(argc - 1, argv + 1);
    else if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        usage(stdout);
        rc = 0;
    } else {
        usage(stderr);
        rc = EXIT_USAGE;
    }
    MPI_Finalize();
    return rc;
}
