/* replay.c -- run a fuzz target over files, with any compiler: the main()
 * of tests/fuzz/replay_* ("make check").
 *
 *   replay_NAME [FILE|DIR]...
 *
 * feeds every file (the files of every DIR) to LLVMFuzzerTestOneInput().
 * Without arguments it replays the committed corpus,
 * $abs_top_srcdir/tests/fuzz/corpus (top_srcdir, then "." when unset).
 * A broken promise aborts in the target; an unreadable file or an empty
 * corpus fails the test. */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

/* The whole file in *buf (malloc'ed), its size in *n; 0 on success. */
static int read_file(const char *path, uint8_t **buf, size_t *n)
{
    FILE *f = fopen(path, "rb");
    size_t cap = 4096, len = 0, got;
    uint8_t *b = malloc(cap);
    if (!f || !b) {
        if (f)
            fclose(f);
        free(b);
        return -1;
    }
    while ((got = fread(b + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len == cap) {
            uint8_t *nb = realloc(b, cap *= 2);
            if (!nb)
                break;
            b = nb;
        }
    }
    if (ferror(f) || len == cap) {
        fclose(f);
        free(b);
        return -1;
    }
    fclose(f);
    *buf = b;
    *n = len;
    return 0;
}

static int replay_file(const char *path, size_t *count)
{
    uint8_t *data;
    size_t n;
    if (read_file(path, &data, &n)) {
        fprintf(stderr, "replay: cannot read %s\n", path);
        return -1;
    }
    LLVMFuzzerTestOneInput(data, n);
    free(data);
    ++*count;
    return 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular file of dir, in name order. */
static int replay_dir(const char *dir, size_t *count)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    if (!d) {
        fprintf(stderr, "replay: cannot open directory %s\n", dir);
        return -1;
    }
    while (rc == 0 && (e = readdir(d)) != NULL) {
        size_t len = strlen(dir) + strlen(e->d_name) + 2;
        struct stat st;
        char *path = malloc(len);
        if (!path)
            break;
        snprintf(path, len, "%s/%s", dir, e->d_name);
        if (e->d_name[0] == '.' || stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
            free(path);
            continue;
        }
        if (n == cap) {
            char **nn = realloc(names, (cap = cap ? 2 * cap : 64) * sizeof *nn);
            if (!nn) {
                free(path);
                rc = -1;
                break;
            }
            names = nn;
        }
        names[n++] = path;
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, by_name);
    for (size_t i = 0; i < n; i++) {
        if (rc == 0)
            rc = replay_file(names[i], count);
        free(names[i]);
    }
    free(names);
    return rc;
}

static int replay_path(const char *path, size_t *count)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "replay: no such file or directory: %s\n", path);
        return -1;
    }
    return S_ISDIR(st.st_mode) ? replay_dir(path, count) : replay_file(path, count);
}

int main(int argc, char **argv)
{
    size_t count = 0;
    int rc = 0;
    if (argc > 1) {
        for (int i = 1; i < argc && rc == 0; i++)
            rc = replay_path(argv[i], &count);
    } else {
        const char *top = getenv("abs_top_srcdir");
        char dir[4096];
        if (!top)
            top = getenv("top_srcdir");
        snprintf(dir, sizeof dir, "%s/tests/fuzz/corpus", top ? top : ".");
        rc = replay_dir(dir, &count);
    }
    printf("%s: %zu inputs replayed\n", argv[0], count);
    if (rc == 0 && count == 0) {
        fprintf(stderr, "replay: no inputs\n");
        rc = -1;
    }
    return rc ? EXIT_FAILURE : EXIT_SUCCESS;
}
