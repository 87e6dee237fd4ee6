/* cache_files.h: the directory where the devices keep what they compile
 * (the CPU device's shared objects, the OpenCL device's program
 * binaries), and the file operations both need. */
#ifndef CUX_DEV_CACHE_FILES_H
#define CUX_DEV_CACHE_FILES_H

#include <stddef.h>

/* CUX_CACHE_DIR, else $XDG_CACHE_HOME/cux, else ~/.cache/cux, else a
 * directory of this user's under /tmp. */
void cux_cache_dir(char *out, size_t len);
/* Creates the directory and its parents; 0, or -1 with errno. */
int cux_make_dirs(char *path);
/* Writes the whole file; 0, or -1. */
int cux_write_file(const char *path, const void *data, size_t len);
/* Writes the file under a name of this process's, then renames it into
 * place, so a reader never sees it half written; 0, or -1. */
int cux_write_file_atomic(const char *path, const void *data, size_t len);
/* Reads the whole file into a malloc'd buffer; NULL if it cannot. */
void *cux_read_file(const char *path, size_t *len);

#endif
