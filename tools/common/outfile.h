/* The one output-file writer of the tools: a whole file or nothing.
 *
 * - A new file, or an existing regular file: written to a temporary file in
 *   the same directory (TARGET.tmp.XXXXXX), renamed over the target on
 *   success (an existing file's permission bits are kept), removed on any
 *   error.  No reader ever sees half a file.
 * - A symbolic link is followed (up to 40 links, dangling ones too): the
 *   file it names is written as above and the link stays a link.
 * - A character device (/dev/null, a terminal) or a FIFO is written to
 *   directly, never replaced.  A FIFO nobody reads is refused at once (the
 *   open does not block).
 * - Anything else (a directory, a socket, a block device) is refused; an
 *   empty path too.  Nothing that is not a regular file is ever replaced.
 * - While a temporary file exists, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE,
 *   SIGXFSZ, SIGALRM, SIGUSR1 and SIGUSR2 (those whose action was the default)
 *   remove it before the process ends by the signal as it would have; only
 *   SIGKILL can leave one behind.
 *
 * Shared by the gprime commands, the benchmark's --json/--markdown and
 * gprime-ulp's --markdown. */
#ifndef GP_OUTFILE_H
#define GP_OUTFILE_H

#include <stdio.h>

typedef struct {
    FILE *f;        /* write here between open and commit */
    char *tmp;      /* the temporary file; NULL when writing to a device or FIFO */
    char *path;     /* the target, symbolic links resolved */
    char why[160];  /* after a failed open or commit: what went wrong, for a message */
    int mode;       /* private: the permission bits to give the file, -1 for the umask's */
} gp_outfile;

int gp_outfile_open(gp_outfile *o, const char *path); /* 0, or -1 with errno and o->why */
int gp_outfile_commit(gp_outfile *o);                 /* 0, or -1 with errno and o->why; the file exists only on 0 */
void gp_outfile_discard(gp_outfile *o);               /* drops the temporary file */

#endif
