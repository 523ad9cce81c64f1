/* cli.h -- shared declarations of the calfpump command-line program.
 *
 * The program is a front end of libcalfpump: everything it says about
 * activities, postures, segment parameters, run options, metrics and the
 * clinical summary comes from the library's registries (calfpump.h,
 * groups "introspection" and "summary").  This header holds what the
 * command files share: messages, text helpers, small lists, the plug-in
 * integrators and the commands themselves.
 */
#ifndef CALFPUMP_CLI_H
#define CALFPUMP_CLI_H

#include <stddef.h>
#include <stdio.h>

#include <calfpump.h>

#define PROG "calfpump"

enum { EXIT_RUNTIME = 1, EXIT_USAGE = 2 };

/* Width that wrapped text is kept within. */
#define WRAP_WIDTH 78

#if defined(__GNUC__)
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define PRINTF_LIKE(f, a)
#endif

/* ---- util.c: messages ------------------------------------------- */

/* "calfpump: MESSAGE" on stderr. */
void error(const char *fmt, ...) PRINTF_LIKE(1, 2);
/* "calfpump: warning: MESSAGE" on stderr. */
void warning(const char *fmt, ...) PRINTF_LIKE(1, 2);
/* "calfpump: (MESSAGE)" on stderr: a hint that follows an error. */
void hint(const char *fmt, ...) PRINTF_LIKE(1, 2);
/* A library message, or the generic text of the status if it is empty. */
const char *why(const char *msg, int status);
/* The exit status of a library failure: runtime for out of memory and
 * input/output errors, usage for the rest. */
int exit_of(int status);
/* Flush stdout; a write error (full disk, closed pipe) becomes a runtime
 * failure.  Returns the exit status. */
int finish_stdout(int status);

/* ---- util.c: text ------------------------------------------------ */

/* A fixed-size string being appended to; output past the end is dropped
 * (the text stays NUL-terminated). */
typedef struct {
    char *buf;
    size_t size, len;
} strbuf;

/* A strbuf over buf[size], emptied. */
strbuf sb_init(char *buf, size_t size);
void sb_printf(strbuf *b, const char *fmt, ...) PRINTF_LIKE(2, 3);
/* ", " unless the buffer is empty. */
const char *sb_sep(const strbuf *b);

/* Print text word-wrapped to WRAP_WIDTH columns; the cursor is at column
 * col, continuation lines are indented by indent spaces.  Ends the line. */
void print_wrapped(FILE *f, const char *text, int col, int indent);
/* "  NAME<padding>  " then the wrapped text: a two-column list entry. */
void print_entry(const char *name, int width, const char *text);
/* A copy of s (NULL after an error message if out of memory). */
char *xstrdup(const char *s);
/* A copy of the first len characters of s (NULL after a message). */
char *xstrndup(const char *s, size_t len);
/* The last component of a path, without a ".cfp" extension, as
 * "%.*s" arguments. */
void short_file_name(const char *path, const char **start, int *len);
/* The larger of w and the length of s (NULL: w). */
int wider(int w, const char *s);
/* The width of the longest of n names (NULL names are skipped). */
int name_width(const char *(*name)(size_t), size_t n);

/* Parse a finite real number; the whole string must be the number.
 * Returns 0, or -1 after printing what was wrong (what: "--rtol"). */
int parse_number(const char *what, const char *s, double *out);
/* "NAME=VALUE": the length of NAME and the VALUE parsed.  Returns 0, or
 * EXIT_USAGE after a message naming shown and arg (form: what was
 * expected, "PARAM=VALUE"). */
int parse_assignment(const char *shown, const char *form, const char *arg, size_t *name_len,
                     double *value);
/* A number as a value and its unit from the library: "4 km/h", "0.5" for
 * dimensionless units ("1", "0/1", ""). */
void format_quantity(strbuf *b, double value, const char *unit);

/* ---- util.c: growable lists ------------------------------------- */

/* Make room for element n of an array of capacity *cap (elements of size
 * elem).  Returns the array, possibly moved, or NULL after a message (the
 * old array is then still valid). */
void *grow(void *arr, size_t *cap, size_t n, size_t elem);

typedef struct {
    const char **v;
    size_t n, cap;
} str_list;

/* A name with a value: --set PARAM=VALUE, a run option or a segment
 * parameter given by an option.  opt names the option in messages. */
typedef struct {
    char *name;
    double value;
    const char *opt;
} named_value;

typedef struct {
    named_value *v;
    size_t n, cap;
} nv_list;

int str_list_push(str_list *l, const char *s);
int str_list_copy(str_list *dst, const str_list *src);
void str_list_free(str_list *l);
int nv_list_push(nv_list *l, const char *name, size_t len, double value, const char *opt);
int nv_list_copy(nv_list *dst, const nv_list *src);
void nv_list_free(nv_list *l);

/* ---- integrators.c: built-in and plug-in integrators ------------- */

/* The integrator of a simulation that sets none. */
const char *default_integrator(void);
/* Non-zero if name is an integrator this program can run. */
int integrator_known(const char *name);
/* Choose the integrator name, built in or a plug-in; the library's status. */
int set_integrator(calfpump_sim *s, const char *name);
/* Print the integrators, one a line ("  NAME  (what)"). */
void print_integrators(void);

/* ---- the commands (one file each) ------------------------------- */

int cmd_run(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_save(int argc, char **argv);
int cmd_list(int argc, char **argv);

#endif /* CALFPUMP_CLI_H */
