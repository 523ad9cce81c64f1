/* Reading a text file whole, with a size limit. */
#ifndef CFP_TEXTFILE_H
#define CFP_TEXTFILE_H

#include <stddef.h>

/* Read the text file at path into *text (malloc'd, NUL-terminated; the
 * caller frees it).  A regular file over max bytes, a directory or a
 * device fails at once (CALFPUMP_E_IO); a FIFO or a terminal is read up
 * to max bytes; a NUL byte in the text is CALFPUMP_E_INVAL with its line.
 * kind says in messages what the file should be ("a model file").  On
 * failure *text is NULL and errbuf says "PATH: why". */
int cfp_read_text(const char *path, size_t max, const char *kind, char **text, char *errbuf,
                  size_t errlen);

#endif
