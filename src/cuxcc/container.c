/* container.c: wraps a module's PTX for clang's -fcuda-include-gpubinary.
 * Layout: "CUXPTX01", the PTX length as a little-endian uint64, the PTX
 * text, one NUL.  The runtime checks the magic when the host code
 * registers it, so a real NVIDIA fat binary is told apart at once.
 * Relocatable code (-rdc=true) is marked "CUXRDC01" and followed by the
 * name of its source file and a NUL: libcux links it with the rest of
 * its program's relocatable code, and names the file in messages. */
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

static bool write_container(FILE *f, const char *ptx, size_t len,
                            const char *source)
{
    unsigned char size[8];
    for (int i = 0; i < 8; i++)
        size[i] = (unsigned char)((uint64_t)len >> (8 * i));
    bool ok = fwrite(source ? "CUXRDC01" : magic, 1, 8, f) == 8 &&
              fwrite(size, 1, 8, f) == 8 && fwrite(ptx, 1, len, f) == len &&
              fputc('\0', f) != EOF;
    if (ok && source)
        ok = fwrite(source, 1, strlen(source) + 1, f) == strlen(source) + 1;
    return ok;
}

int cux_cc_wrap_ptx(const cux_cc_opts *opts, const char *ptx_path,
                    const char *source, const char *out_path)
{
    cux_cc_note(opts, "cuxcc: wrap %s as %s (%s container)", ptx_path,
                out_path, source ? "CUXRDC01, relocatable" : "CUXPTX01");
    if (opts->dryrun)
        return 0;
    size_t len = 0;
    char *ptx = cux_cc_slurp(ptx_path, &len);
    if (!ptx)
        return 1;
    FILE *f = fopen(out_path, "wb");
    bool ok = f && write_container(f, ptx, len, source);
    if (f && fclose(f))
        ok = false;
    free(ptx);
    if (!ok)
        fprintf(stderr, "cuxcc: cannot write %s: %s\n", out_path,
                strerror(errno));
    return ok ? 0 : 1;
}
