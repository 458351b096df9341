/* See outfile.h. */
#define _POSIX_C_SOURCE 200809L
#include "outfile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int gp_outfile_open(gp_outfile *o, const char *path)
{
    memset(o, 0, sizeof *o);
    size_t n = strlen(path);
    o->path = malloc(n + 1);
    o->tmp = malloc(n + 16);
    if (!o->path || !o->tmp) {
        free(o->path);
        free(o->tmp);
        errno = ENOMEM;
        return -1;
    }
    memcpy(o->path, path, n + 1);
    /* same directory as path, so rename() is atomic */
    snprintf(o->tmp, n + 16, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(o->tmp);
    if (fd < 0) {
        int e = errno;
        free(o->path);
        free(o->tmp);
        memset(o, 0, sizeof *o);
        errno = e;
        return -1;
    }
    o->f = fdopen(fd, "w");
    if (!o->f) {
        int e = errno;
        close(fd);
        unlink(o->tmp);
        free(o->path);
        free(o->tmp);
        memset(o, 0, sizeof *o);
        errno = e;
        return -1;
    }
    return 0;
}

void gp_outfile_discard(gp_outfile *o)
{
    if (o->f)
        fclose(o->f);
    if (o->tmp)
        unlink(o->tmp);
    free(o->tmp);
    free(o->path);
    memset(o, 0, sizeof *o);
}

int gp_outfile_commit(gp_outfile *o)
{
    int e = 0;
    if (ferror(o->f))
        e = errno ? errno : EIO;
    if (!e && fflush(o->f) != 0)
        e = errno;
    if (!e && fsync(fileno(o->f)) != 0 && errno != EINVAL)
        e = errno;
    int rc = fclose(o->f);
    o->f = NULL;
    if (!e && rc != 0)
        e = errno;
    /* mkstemp creates 0600; give the file the usual permissions */
    if (!e) {
        mode_t um = umask(0);
        umask(um);
        if (chmod(o->tmp, 0666 & ~um) != 0)
            e = errno;
    }
    if (!e && rename(o->tmp, o->path) != 0)
        e = errno;
    if (e) {
        gp_outfile_discard(o);
        errno = e;
        return -1;
    }
    free(o->tmp);
    free(o->path);
    memset(o, 0, sizeof *o);
    return 0;
}
