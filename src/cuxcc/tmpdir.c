/* tmpdir.c: the private directory that holds intermediate files.
 * mkdtemp gives a directory no one else writes to; it is removed with its
 * contents at exit, also on a fatal error or Ctrl-C, unless -keep asks to
 * look at the PTX and the container afterwards. */
#include "cuxcc.h"

#include <errno.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The exit handler needs these; one driver run has one directory.  The
 * path is copied because the options' arena may be gone by then. */
static char cleanup_path[4096];
static const char *cleanup_dir;
static bool kept;

static int remove_entry(const char *path, const struct stat *st, int flag,
                        struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

static void at_exit(void)
{
    if (!cleanup_dir)
        return;
    if (kept)
        fprintf(stderr, "cuxcc: intermediate files kept in %s\n",
                cleanup_dir);
    else
        nftw(cleanup_dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    cleanup_dir = NULL;
}

static void on_signal(int sig)
{
    at_exit();
    signal(sig, SIG_DFL);
    raise(sig);
}

static void watch_signals(void)
{
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
    for (unsigned i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
        signal(sigs[i], on_signal);
}

static const char *make_dir(cux_cc_opts *opts)
{
    if (opts->keep_dir) {
        if (mkdir(opts->keep_dir, 0777) && errno != EEXIST)
            cux_cc_fatal("Could not create directory '%s': %s",
                         opts->keep_dir, strerror(errno));
        return opts->keep_dir;
    }
    const char *base = getenv("TMPDIR");
    if (!base || !*base)
        base = "/tmp";
    char *dir = cux_cc_strf(opts, "%s/cuxcc-XXXXXX", base);
    if (!mkdtemp(dir))
        cux_cc_fatal("Could not create a temporary directory in '%s': %s",
                     base, strerror(errno));
    return dir;
}

const char *cux_cc_tmpdir_open(cux_cc_opts *opts)
{
    if (opts->tmpdir)
        return opts->tmpdir;
    opts->tmpdir = make_dir(opts);
    if (strlen(opts->tmpdir) >= sizeof(cleanup_path))
        cux_cc_fatal("Temporary directory name too long: '%s'",
                     opts->tmpdir);
    strcpy(cleanup_path, opts->tmpdir);
    cleanup_dir = cleanup_path;
    kept = opts->keep;
    atexit(at_exit);
    if (!kept)
        watch_signals();
    return opts->tmpdir;
}

const char *cux_cc_tmpstem(cux_cc_opts *opts, const char *input)
{
    const char *dir = cux_cc_tmpdir_open(opts);
    const char *base = strrchr(input, '/');
    base = base ? base + 1 : input;
    const char *dot = strrchr(base, '.');
    int n = dot && dot != base ? (int)(dot - base) : (int)strlen(base);
    return cux_cc_strf(opts, "%s/%u-%.*s", dir, opts->tmp_serial++, n,
                       base);
}
