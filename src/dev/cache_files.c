/* cache_files.c: the devices' compile cache directory and its files. */
#include "dev/cache_files.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

void cux_cache_dir(char *out, size_t len)
{
    const char *env = getenv("CUX_CACHE_DIR");
    const char *xdg = getenv("XDG_CACHE_HOME");
    const char *home = getenv("HOME");
    if (env && *env)
        snprintf(out, len, "%s", env);
    else if (xdg && *xdg)
        snprintf(out, len, "%s/cux", xdg);
    else if (home && *home)
        snprintf(out, len, "%s/.cache/cux", home);
    else
        snprintf(out, len, "/tmp/cux-cache-%u", (unsigned)getuid());
}

int cux_make_dirs(char *path)
{
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        mkdir(path, 0755);
        *p = '/';
    }
    return mkdir(path, 0755) == 0 || errno == EEXIST ? 0 : -1;
}

int cux_write_file(const char *path, const void *data, size_t len)
{
    FILE *file = fopen(path, "wb");
    if (!file)
        return -1;
    size_t written = fwrite(data, 1, len, file);
    return fclose(file) == 0 && written == len ? 0 : -1;
}

int cux_write_file_atomic(const char *path, const void *data, size_t len)
{
    static unsigned writes;
    unsigned n = __atomic_fetch_add(&writes, 1, __ATOMIC_RELAXED);
    char tmp[4200];
    if (snprintf(tmp, sizeof tmp, "%s.%d.%u", path, (int)getpid(), n) >=
        (int)sizeof tmp)
        return -1;
    if (cux_write_file(tmp, data, len) != 0 || rename(tmp, path) != 0) {
        unlink(tmp);
        return -1;
    }
    return 0;
}

void *cux_read_file(const char *path, size_t *len)
{
    FILE *file = fopen(path, "rb");
    if (!file)
        return NULL;
    char *data = NULL;
    long size = -1;
    if (fseek(file, 0, SEEK_END) == 0 && (size = ftell(file)) >= 0 &&
        fseek(file, 0, SEEK_SET) == 0 && (data = malloc(size ? size : 1)) &&
        fread(data, 1, size, file) == (size_t)size) {
        fclose(file);
        *len = (size_t)size;
        return data;
    }
    free(data);
    fclose(file);
    return NULL;
}
