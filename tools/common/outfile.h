/* Writes a whole file or nothing: a temporary file in the same directory
 * (path.tmp.XXXXXX), renamed over path on success, removed on any error, so
 * no reader ever sees half a file.  Shared by the gprime commands, the
 * benchmark's --json/--markdown and gprime-ulp's --markdown. */
#ifndef GP_OUTFILE_H
#define GP_OUTFILE_H

#include <stdio.h>

typedef struct {
    FILE *f; /* write here between open and commit */
    char *tmp;
    char *path;
} gp_outfile;

int gp_outfile_open(gp_outfile *o, const char *path); /* 0, or -1 with errno */
int gp_outfile_commit(gp_outfile *o);                 /* 0, or -1 with errno; the file exists only on 0 */
void gp_outfile_discard(gp_outfile *o);               /* drops the temporary file */

#endif
