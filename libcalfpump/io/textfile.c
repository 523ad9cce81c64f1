/* Reading a text file whole, with a size limit: model files and design
 * files (io/textfile.h). */
#define _POSIX_C_SOURCE 200809L /* fstat, fileno, isatty */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>
#include <calfpump.h>
#include "base/util.h"
#include "io/textfile.h"

/* A file being read: its text so far, or why reading failed. */
typedef struct file_in {
    const char *path;
    const char *kind; /* "a model file": what the file should be */
    size_t max;       /* the size limit in bytes */
    char *errbuf;
    size_t errlen;
    char *buf;
    size_t len, cap;
} file_in;

/* "PATH: WHAT" or "PATH:LINE: WHAT" (line > 0), and ": DETAIL" if not
 * NULL, into the caller's buffer; the text read so far is dropped. */
static int read_fail(file_in *in, int code, int line, const char *what, const char *detail)
{
    char at[24] = "";
    if (line > 0)
        snprintf(at, sizeof at, ":%d", line);
    if (in->errbuf && in->errlen)
        snprintf(in->errbuf, in->errlen, "%s%s: %s%s%s", in->path, at, what, detail ? ": " : "",
                 detail ? detail : "");
    free(in->buf);
    in->buf = NULL;
    return code;
}

/* read_fail with the text of errno (thread-safe: cfp_errno_text). */
static int errno_fail(file_in *in, const char *what)
{
    char why[128];
    return read_fail(in, CALFPUMP_E_IO, 0, what, cfp_errno_text(errno, why, sizeof why));
}

static int too_large(file_in *in)
{
    char what[128];
    snprintf(what, sizeof what, "the file is larger than %zu MiB, the limit for %s",
             in->max >> 20, in->kind);
    return read_fail(in, CALFPUMP_E_IO, 0, what, NULL);
}

/* "PATH: WHAT (expected KIND)". */
static int kind_fail(file_in *in, const char *what)
{
    char msg[128];
    snprintf(msg, sizeof msg, "%s (expected %s)", what, in->kind);
    return read_fail(in, CALFPUMP_E_IO, 0, msg, NULL);
}

/* Regular files up to the limit, FIFOs and terminals are read; a
 * directory or a device (/dev/zero) fails at once. */
static int check_kind(file_in *in, FILE *f)
{
    struct stat sb;
    if (fstat(fileno(f), &sb) != 0)
        return errno_fail(in, "cannot read");
    if (S_ISDIR(sb.st_mode))
        return kind_fail(in, "is a directory");
    if (S_ISREG(sb.st_mode))
        return (uintmax_t)sb.st_size > in->max ? too_large(in) : CALFPUMP_OK;
    if (S_ISFIFO(sb.st_mode) || (S_ISCHR(sb.st_mode) && isatty(fileno(f))))
        return CALFPUMP_OK;
    return kind_fail(in, "is a device or a socket");
}

/* Read f to its end into in->buf (NUL-terminated), up to the limit. */
static int read_all(file_in *in, FILE *f)
{
    for (;;) {
        size_t got;
        if (in->cap - in->len < 4096) {
            size_t cap = in->cap ? 2 * in->cap : 16384;
            char *nb;
            if (cap > in->max + 1)
                cap = in->max + 1; /* one byte more tells a file over the limit */
            if (in->len == cap)
                return too_large(in);
            if (!(nb = realloc(in->buf, cap + 1)))
                return read_fail(in, CALFPUMP_E_NOMEM, 0, "out of memory reading the file", NULL);
            in->buf = nb;
            in->cap = cap;
        }
        got = fread(in->buf + in->len, 1, in->cap - in->len, f);
        in->len += got;
        if (got == 0)
            break;
    }
    if (ferror(f))
        return errno_fail(in, "read error");
    if (in->len > in->max)
        return too_large(in);
    in->buf[in->len] = '\0';
    return CALFPUMP_OK;
}

/* The file's text into in->buf; a NUL byte in it is an error. */
static int read_file(file_in *in)
{
    FILE *f = fopen(in->path, "rb");
    const char *nul;
    int st, line = 1;
    if (!f)
        return errno_fail(in, "cannot open for reading");
    st = check_kind(in, f);
    if (!st)
        st = read_all(in, f);
    fclose(f);
    if (st || !(nul = memchr(in->buf, '\0', in->len)))
        return st;
    for (const char *c = in->buf; c < nul; c++)
        line += *c == '\n';
    return read_fail(in, CALFPUMP_E_INVAL, line, "NUL byte in the file (expected a text file)",
                     NULL);
}

int cfp_read_text(const char *path, size_t max, const char *kind, char **text, char *errbuf,
                  size_t errlen)
{
    file_in in = {path, kind, max, errbuf, errlen, NULL, 0, 0};
    int st = read_file(&in);
    *text = st ? NULL : in.buf;
    if (st)
        free(in.buf);
    return st;
}
