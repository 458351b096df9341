/* See outfile.h. */
#define _POSIX_C_SOURCE 200809L
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- temporary files removed by a fatal signal -------------------------------
 * The handler only reads these slots and calls unlink(), signal() and
 * raise(), all async-signal-safe.  A slot holds a complete string or NULL;
 * the main program changes them with the signals blocked. */
#define GP_OUT_SLOTS 32
static char *volatile gp_out_slots[GP_OUT_SLOTS];
static const int gp_out_sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGXFSZ, SIGALRM, SIGUSR1, SIGUSR2};
#define GP_OUT_NSIGS (int)(sizeof gp_out_sigs / sizeof gp_out_sigs[0])

static void gp_out_on_signal(int sig)
{
    int e = errno;
    for (int i = 0; i < GP_OUT_SLOTS; i++) {
        char *p = gp_out_slots[i];
        if (p)
            unlink(p);
    }
    /* then what the default action would have done: the process ends by sig */
    signal(sig, SIG_DFL);
    raise(sig);
    errno = e;
}

static void gp_out_block(sigset_t *old)
{
    sigset_t set;
    sigemptyset(&set);
    for (int i = 0; i < GP_OUT_NSIGS; i++)
        sigaddset(&set, gp_out_sigs[i]);
    sigprocmask(SIG_BLOCK, &set, old);
}

/* Installs the handler for each signal whose action is the default (a
 * program's own handler, or an ignored signal, is left alone). */
static void gp_out_install(void)
{
    static int done;
    if (done)
        return;
    done = 1;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = gp_out_on_signal;
    sigemptyset(&sa.sa_mask);
    for (int i = 0; i < GP_OUT_NSIGS; i++)
        sigaddset(&sa.sa_mask, gp_out_sigs[i]);
    for (int i = 0; i < GP_OUT_NSIGS; i++) {
        struct sigaction old;
        if (sigaction(gp_out_sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_DFL &&
            !(old.sa_flags & SA_SIGINFO))
            sigaction(gp_out_sigs[i], &sa, NULL);
    }
}

/* Puts tmp in a free slot (0), or -1 when all are taken. */
static int gp_out_register(char *tmp)
{
    sigset_t old;
    gp_out_block(&old);
    gp_out_install();
    int rc = -1;
    for (int i = 0; i < GP_OUT_SLOTS && rc; i++)
        if (!gp_out_slots[i]) {
            gp_out_slots[i] = tmp;
            rc = 0;
        }
    sigprocmask(SIG_SETMASK, &old, NULL);
    return rc;
}

static void gp_out_unregister(const char *tmp)
{
    sigset_t old;
    gp_out_block(&old);
    for (int i = 0; i < GP_OUT_SLOTS; i++)
        if (gp_out_slots[i] == tmp)
            gp_out_slots[i] = NULL;
    sigprocmask(SIG_SETMASK, &old, NULL);
}

/* ---- the writer ------------------------------------------------------------------ */

static int gp_out_fail(gp_outfile *o, int e, const char *why)
{
    snprintf(o->why, sizeof o->why, "%s", why ? why : strerror(e));
    errno = e;
    return -1;
}

/* path with its symbolic links followed (at most 40); *st and *exists say
 * what is there.  NULL with errno and o->why on failure. */
static char *gp_out_resolve(gp_outfile *o, const char *path, struct stat *st, int *exists)
{
    size_t n = strlen(path);
    char *cur = malloc(n + 1);
    if (!cur) {
        gp_out_fail(o, ENOMEM, NULL);
        return NULL;
    }
    memcpy(cur, path, n + 1);
    for (int hop = 0;; hop++) {
        if (lstat(cur, st) != 0) {
            if (errno == ENOENT) { /* a new file (or a missing directory, which mkstemp reports) */
                *exists = 0;
                return cur;
            }
            gp_out_fail(o, errno, NULL);
            break;
        }
        if (!S_ISLNK(st->st_mode)) {
            *exists = 1;
            return cur;
        }
        if (hop == 40) {
            gp_out_fail(o, ELOOP, NULL);
            break;
        }
        char link[4096];
        ssize_t k = readlink(cur, link, sizeof link);
        if (k < 0 || (size_t)k >= sizeof link) {
            gp_out_fail(o, k < 0 ? errno : ENAMETOOLONG, NULL);
            break;
        }
        link[k] = '\0';
        /* a relative link is relative to the directory that holds it */
        const char *slash = strrchr(cur, '/');
        size_t dir = link[0] == '/' || !slash ? 0 : (size_t)(slash - cur) + 1;
        char *next = malloc(dir + (size_t)k + 1);
        if (!next) {
            gp_out_fail(o, ENOMEM, NULL);
            break;
        }
        memcpy(next, cur, dir);
        memcpy(next + dir, link, (size_t)k + 1);
        free(cur);
        cur = next;
    }
    free(cur);
    return NULL;
}

/* A character device or a FIFO: written in place.  A FIFO without a reader
 * fails at once with ENXIO instead of blocking the open. */
static int gp_out_open_direct(gp_outfile *o, const char *path, int fifo)
{
    int fd = open(path, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return gp_out_fail(o, errno, errno == ENXIO && fifo ? "a FIFO that nobody reads" : NULL);
    struct stat st;
    int flags = fcntl(fd, F_GETFL);
    if (fstat(fd, &st) != 0 || !(S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode)) || flags < 0 ||
        fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0) {
        close(fd);
        return gp_out_fail(o, EINVAL, "changed while being opened");
    }
    o->f = fdopen(fd, "w");
    if (!o->f) {
        int e = errno;
        close(fd);
        return gp_out_fail(o, e, NULL);
    }
    return 0;
}

int gp_outfile_open(gp_outfile *o, const char *path)
{
    memset(o, 0, sizeof *o);
    o->mode = -1;
    if (!path || !*path)
        return gp_out_fail(o, ENOENT, "empty file name");
    struct stat st;
    int exists = 0;
    char *target = gp_out_resolve(o, path, &st, &exists);
    if (!target)
        return -1;
    if (exists && (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode))) {
        if (gp_out_open_direct(o, target, S_ISFIFO(st.st_mode))) {
            free(target);
            return -1;
        }
        o->path = target;
        return 0;
    }
    if (exists && !S_ISREG(st.st_mode)) {
        free(target);
        return gp_out_fail(o, S_ISDIR(st.st_mode) ? EISDIR : EINVAL,
                           S_ISDIR(st.st_mode) ? NULL
                                               : "not a regular file, character device or FIFO (refused: it would be "
                                                 "replaced)");
    }
    if (exists)
        o->mode = (int)(st.st_mode & 07777);
    size_t n = strlen(target);
    o->tmp = malloc(n + 16);
    if (!o->tmp) {
        free(target);
        return gp_out_fail(o, ENOMEM, NULL);
    }
    /* same directory as the target, so rename() is atomic */
    snprintf(o->tmp, n + 16, "%s.tmp.XXXXXX", target);
    o->path = target;
    sigset_t old;
    gp_out_block(&old); /* no signal between the file's creation and its slot */
    int fd = mkstemp(o->tmp);
    int e = errno;
    int reg = fd >= 0 ? gp_out_register(o->tmp) : 0;
    sigprocmask(SIG_SETMASK, &old, NULL);
    if (fd < 0 || reg != 0 || !(o->f = fdopen(fd, "w"))) {
        e = fd < 0 ? e : reg ? EMFILE : errno;
        if (fd >= 0) {
            close(fd);
            unlink(o->tmp);
            gp_out_unregister(o->tmp);
        }
        free(o->tmp);
        free(o->path);
        o->tmp = o->path = NULL;
        return gp_out_fail(o, e, reg ? "too many output files open at once" : NULL);
    }
    return 0;
}

static void gp_out_free(gp_outfile *o)
{
    if (o->tmp)
        gp_out_unregister(o->tmp);
    free(o->tmp);
    free(o->path);
    o->f = NULL;
    o->tmp = o->path = NULL;
}

void gp_outfile_discard(gp_outfile *o)
{
    if (o->f)
        fclose(o->f);
    o->f = NULL;
    if (o->tmp)
        unlink(o->tmp);
    gp_out_free(o);
}

int gp_outfile_commit(gp_outfile *o)
{
    int e = 0;
    const char *why = NULL;
    if (ferror(o->f))
        e = errno ? errno : EIO;
    if (!e && fflush(o->f) != 0)
        e = errno;
    if (!e && o->tmp && fsync(fileno(o->f)) != 0 && errno != EINVAL)
        e = errno;
    int rc = fclose(o->f);
    o->f = NULL;
    if (!e && rc != 0)
        e = errno;
    if (!o->tmp) { /* a device or FIFO: written in place */
        gp_out_free(o);
        return e ? gp_out_fail(o, e, NULL) : 0;
    }
    /* the target may have been replaced meanwhile by something that is not a regular file */
    struct stat st;
    if (!e && lstat(o->path, &st) == 0 && !S_ISREG(st.st_mode)) {
        e = EEXIST;
        why = "the target became something other than a regular file; left alone";
    }
    /* mkstemp creates 0600: give the file the old file's bits, or the usual ones */
    if (!e) {
        mode_t um = umask(0);
        umask(um);
        if (chmod(o->tmp, o->mode >= 0 ? (mode_t)o->mode : 0666 & ~um) != 0)
            e = errno;
    }
    if (!e && rename(o->tmp, o->path) != 0)
        e = errno;
    if (e) {
        gp_outfile_discard(o);
        return gp_out_fail(o, e, why);
    }
    gp_out_free(o);
    return 0;
}
