/* container.c: wraps a module's PTX for clang's -fcuda-include-gpubinary.
 * Layout: "CUXPTX01", the PTX length as a little-endian uint64, the PTX
 * text, one NUL.  The runtime checks the magic when the host code
 * registers it, so a real NVIDIA fat binary is told apart at once. */
#include "cuxcc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char magic[8] = {'C', 'U', 'X', 'P', 'T', 'X', '0', '1'};

char *cux_cc_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    cux_strbuf buf = {0};
    bool failed = !f;
    char chunk[65536];
    size_t n;
    while (f && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        cux_strbuf_append(&buf, chunk, n);
    if (f) {
        failed = ferror(f);
        fclose(f);
    }
    if (failed) {
        fprintf(stderr, "cuxcc: cannot read %s: %s\n", path, strerror(errno));
        cux_strbuf_free(&buf);
        return NULL;
    }
    *len = buf.len;
    return buf.data ? buf.data : calloc(1, 1);
}

static bool write_container(FILE *f, const char *ptx, size_t len)
{
    unsigned char size[8];
    for (int i = 0; i < 8; i++)
        size[i] = (unsigned char)((uint64_t)len >> (8 * i));
    return fwrite(magic, 1, 8, f) == 8 && fwrite(size, 1, 8, f) == 8 &&
           fwrite(ptx, 1, len, f) == len && fputc('\0', f) != EOF;
}

int cux_cc_wrap_ptx(const cux_cc_opts *opts, const char *ptx_path,
                    const char *out_path)
{
    cux_cc_note(opts, "cuxcc: wrap %s as %s (CUXPTX01 container)",
                ptx_path, out_path);
    if (opts->dryrun)
        return 0;
    size_t len = 0;
    char *ptx = cux_cc_slurp(ptx_path, &len);
    if (!ptx)
        return 1;
    FILE *f = fopen(out_path, "wb");
    bool ok = f && write_container(f, ptx, len);
    if (f && fclose(f))
        ok = false;
    free(ptx);
    if (!ok)
        fprintf(stderr, "cuxcc: cannot write %s: %s\n", out_path,
                strerror(errno));
    return ok ? 0 : 1;
}
