/* cmd.c: building, showing and running the driver's child commands.
 * -v and -dryrun print each command as nvcc does, "#$ " and a line a
 * shell can run again; the driver itself never goes through a shell. */
#include "cuxcc.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

char *cux_cc_strf(cux_cc_opts *opts, const char *fmt, ...)
{
    va_list ap;
    char *heap = NULL;
    va_start(ap, fmt);
    int n = vasprintf(&heap, fmt, ap);
    va_end(ap);
    if (n < 0)
        cux_cc_fatal("Out of memory");
    char *text = cux_arena_strndup(&opts->arena, heap, (size_t)n);
    free(heap);
    return text;
}

void cux_cc_arg(cux_cc_cmd *cmd, const char *arg)
{
    CUX_PUSH(cmd->argv, arg);
}

void cux_cc_args(cux_cc_cmd *cmd, const cux_cc_strs *list)
{
    for (uint32_t i = 0; i < list->len; i++)
        CUX_PUSH(cmd->argv, list->data[i]);
}

void cux_cc_note(const cux_cc_opts *opts, const char *fmt, ...)
{
    if (!opts->verbose && !opts->dryrun)
        return;
    va_list ap;
    va_start(ap, fmt);
    fputs("#$ ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

void cux_cc_show_arg(const char *arg)
{
    if (*arg && strspn(arg, "abcdefghijklmnopqrstuvwxyz"
                            "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                            "0123456789_./=,+:@%-") == strlen(arg)) {
        fputs(arg, stderr);
        return;
    }
    fputc('\'', stderr);
    for (; *arg; arg++) {
        if (*arg == '\'')
            fputs("'\\''", stderr);
        else
            fputc(*arg, stderr);
    }
    fputc('\'', stderr);
}

static void show(const cux_cc_cmd *cmd)
{
    fputs("#$ ", stderr);
    for (uint32_t i = 0; i < cmd->argv.len; i++) {
        if (i)
            fputc(' ', stderr);
        cux_cc_show_arg(cmd->argv.data[i]);
    }
    fputc('\n', stderr);
}

static int wait_child(pid_t pid, const char *name)
{
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            cux_cc_fatal("Lost child process '%s'", name);
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    fprintf(stderr, "cuxcc: '%s' was killed by signal %d\n", name,
            WTERMSIG(status));
    return 128 + WTERMSIG(status);
}

/* err_fd: where the child's stderr goes, or -1 to share ours. */
static pid_t spawn(cux_cc_cmd *cmd, int err_fd)
{
    CUX_PUSH(cmd->argv, NULL);
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0)
        cux_cc_fatal("Cannot fork: %s", strerror(errno));
    if (pid == 0) {
        if (err_fd >= 0)
            dup2(err_fd, 2);
        execvp(cmd->argv.data[0], (char *const *)cmd->argv.data);
        fprintf(stderr, "cuxcc fatal   : Could not run '%s': %s\n",
                cmd->argv.data[0], strerror(errno));
        _exit(127);
    }
    return pid;
}

static void finish(cux_cc_cmd *cmd)
{
    free(cmd->argv.data);
    cmd->argv = (cux_cc_strs){0};
}

int cux_cc_run(const cux_cc_opts *opts, cux_cc_cmd *cmd)
{
    if (opts->verbose || opts->dryrun)
        show(cmd);
    int status = 0;
    if (!opts->dryrun)
        status = wait_child(spawn(cmd, -1), cmd->argv.data[0]);
    finish(cmd);
    return status;
}

static void read_all(int fd, cux_strbuf *buf)
{
    char chunk[4096];
    ssize_t n;
    while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
        if (n > 0)
            cux_strbuf_append(buf, chunk, (size_t)n);
        else if (errno != EINTR)
            break;
    }
}

/* Writes text with every from[i] replaced by to[i]. */
static void put_renamed(const char *text, const cux_cc_strs *from,
                        const cux_cc_strs *to)
{
    while (*text) {
        uint32_t i = 0;
        while (i < from->len &&
               strncmp(text, from->data[i], strlen(from->data[i])))
            i++;
        if (i < from->len) {
            fputs(to->data[i], stderr);
            text += strlen(from->data[i]);
        } else {
            fputc(*text++, stderr);
        }
    }
}

int cux_cc_run_renamed(const cux_cc_opts *opts, cux_cc_cmd *cmd,
                       const cux_cc_strs *from, const cux_cc_strs *to)
{
    if (opts->dryrun || !from->len)
        return cux_cc_run(opts, cmd);
    if (opts->verbose)
        show(cmd);
    int fds[2];
    if (pipe(fds))
        cux_cc_fatal("Cannot create a pipe: %s", strerror(errno));
    pid_t pid = spawn(cmd, fds[1]);
    close(fds[1]);
    cux_strbuf text = {0};
    read_all(fds[0], &text);
    close(fds[0]);
    int status = wait_child(pid, cmd->argv.data[0]);
    if (text.data)
        put_renamed(text.data, from, to);
    cux_strbuf_free(&text);
    finish(cmd);
    return status;
}
