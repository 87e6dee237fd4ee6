/* dlink.c: the device link of relocatable device code (-rdc=true).
 * nvcc's nvlink joins the device code of every -dc object into one image
 * at build time.  On cux every such object carries its own PTX, marked
 * relocatable, and libcux links the PTX of a program image when it first
 * runs it; so the device link here has two jobs only:
 *  - report at build time what the run-time link would refuse: cuxcc
 *    runs the same PTX linker over the device code of the objects and
 *    static libraries, and an undefined or twice-defined device symbol
 *    stops the build naming the symbol and the source file;
 *  - carry a static library's device code: the host linker takes a
 *    library member only for a host symbol, and a member holding device
 *    functions alone would be left behind.  The device link's object
 *    registers a copy of each member's device code, marked lazy: libcux
 *    links it only where another module needs it, and keeps one of the
 *    two where the host linker took the member as well.
 * The containers are found by their magic in the files' bytes, which
 * reads objects and archives alike without an ELF reader. */
#include "cuxcc.h"

#include "ptx/ptx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One relocatable container found in an input. */
typedef struct found {
    const char *ptx;
    size_t len;
    const char *source;
    bool lazy;      /* a library member, or a copy from a device link */
    bool copy_it;   /* from a static library: the device link copies it */
} found;

typedef struct scan {
    CUX_ARRAY(found) found;
    CUX_ARRAY(char *) buffers; /* the files read, which found points into */
} scan;

static uint64_t read_u64(const unsigned char *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

/* A container at d (n bytes left): magic, length, PTX, NUL, source, NUL.
 * False if the bytes only happen to start like one. */
static bool container_at(const char *d, size_t n, found *out)
{
    if (n < 17)
        return false;
    uint64_t len = read_u64((const unsigned char *)d + 8);
    if (len > n - 17 || d[16 + len] != '\0')
        return false;
    const char *source = d + 17 + len;
    if (!memchr(source, '\0', n - 17 - len))
        return false;
    out->ptx = d + 16;
    out->len = (size_t)len;
    out->source = source;
    out->lazy = !memcmp(d, "CUXRDL01", 8);
    return true;
}

static bool is_archive(const char *data, size_t len)
{
    return len >= 8 && !memcmp(data, "!<arch>\n", 8);
}

static int scan_file(scan *s, const char *path)
{
    size_t len = 0;
    char *data = cux_cc_slurp(path, &len);
    if (!data)
        return 1;
    CUX_PUSH(s->buffers, data);
    bool archive = is_archive(data, len);
    for (size_t at = 0; at + 8 <= len;) {
        const char *hit = memmem(data + at, len - at, "CUXRD", 5);
        if (!hit)
            break;
        size_t off = (size_t)(hit - data);
        found f = {0};
        bool ok = off + 8 <= len && (!memcmp(hit, "CUXRDC01", 8) ||
                                     !memcmp(hit, "CUXRDL01", 8));
        if (ok && container_at(hit, len - off, &f)) {
            f.copy_it = archive && !f.lazy;
            f.lazy |= archive;
            CUX_PUSH(s->found, f);
            at = off + 17 + f.len;
        } else {
            at = off + 5;
        }
    }
    return 0;
}

/* The static library ld would take for -lNAME: the first -L directory
 * holding libNAME.so or libNAME.a, the shared one first. */
static const char *library_path(cux_cc_opts *opts, const char *name)
{
    for (uint32_t i = 0; i < opts->link.len; i++) {
        const char *dir = opts->link.data[i];
        if (strncmp(dir, "-L", 2))
            continue;
        const char *so = cux_cc_strf(opts, "%s/lib%s.so", dir + 2, name);
        const char *ar = cux_cc_strf(opts, "%s/lib%s.a", dir + 2, name);
        if (cux_cc_file_exists(so))
            return NULL;
        if (cux_cc_file_exists(ar))
            return ar;
    }
    return NULL;
}

static int scan_inputs(cux_cc_opts *opts, scan *s, const cux_cc_strs *objects)
{
    for (uint32_t i = 0; i < objects->len; i++) {
        const char *path = objects->data[i];
        size_t n = strlen(path);
        bool shared = strstr(path, ".so") && (n < 2 || strcmp(path + n - 2,
                                                              ".o"));
        if (!shared && scan_file(s, path))
            return 1;
    }
    for (uint32_t i = 0; i < opts->link.len; i++) {
        const char *l = opts->link.data[i];
        const char *path = strncmp(l, "-l", 2) ? NULL
                                               : library_path(opts, l + 2);
        if (path && scan_file(s, path))
            return 1;
    }
    return 0;
}

static void scan_free(scan *s)
{
    for (uint32_t i = 0; i < s->buffers.len; i++)
        free(s->buffers.data[i]);
    free(s->buffers.data);
    free(s->found.data);
}

/* The link libcux will make, made now for its messages. */
static int check(const scan *s)
{
    CUX_ARRAY(cux_ptx_link_input) in = {0};
    for (uint32_t i = 0; i < s->found.len; i++) {
        const found *f = &s->found.data[i];
        cux_ptx_link_input one = {f->ptx, f->len, f->source, f->lazy};
        CUX_PUSH(in, one);
    }
    cux_diag diag = {0};
    cux_ptx_link link;
    bool ok = cux_ptx_link_modules(in.data, in.len, &link, &diag);
    if (ok)
        cux_ptx_link_free(&link);
    else
        fprintf(stderr, "cuxcc error   : %s\n", diag.message);
    free(in.data);
    return ok ? 0 : 1;
}

/* ---- the device link's object ------------------------------------------- */

/* Bytes as a C string literal: PTX stays readable, the rest is octal
 * (three digits, so no following character can join the escape). */
static void put_literal(FILE *f, const char *data, size_t len)
{
    fputs("    \"", f);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)data[i];
        if (c == '\n')
            fputs("\\n\"\n    \"", f);
        else if (c == '"' || c == '\\' || c == '?')
            fprintf(f, "\\%c", c);
        else if (c >= ' ' && c < 127)
            fputc(c, f);
        else
            fprintf(f, "\\%03o", c);
    }
    fputs("\"", f);
}

/* One lazy copy: "CUXRDL01", length, PTX, NUL, source, (NUL). */
static void put_copy(FILE *f, uint32_t k, const found *c)
{
    char head[16];
    memcpy(head, "CUXRDL01", 8);
    for (int i = 0; i < 8; i++)
        head[8 + i] = (char)((uint64_t)c->len >> (8 * i));
    fprintf(f, "static const char image%u[] __attribute__((aligned(8))) "
            "=\n", k);
    put_literal(f, head, sizeof head);
    fputc('\n', f);
    put_literal(f, c->ptx, c->len + 1);
    fputc('\n', f);
    put_literal(f, c->source, strlen(c->source));
    fprintf(f, ";\nstatic const struct wrapper wrapper%u = "
            "{0x466243b1, 1, image%u, 0};\n\n", k, k);
}

static void write_source(FILE *f, const scan *s)
{
    fputs("/* Written by cuxcc -dlink: registers the relocatable device "
          "code of\n * static library members with libcux, to be linked "
          "where needed. */\n", f);
    fputs("struct wrapper { int magic, version; const void *data; "
          "void *unused; };\nextern void **__cudaRegisterFatBinary("
          "void *);\n\n", f);
    uint32_t n = 0;
    for (uint32_t i = 0; i < s->found.len; i++)
        if (s->found.data[i].copy_it)
            put_copy(f, n++, &s->found.data[i]);
    fputs("__attribute__((constructor)) static void cux_dlink_register("
          "void)\n{\n", f);
    for (uint32_t k = 0; k < n; k++)
        fprintf(f, "    __cudaRegisterFatBinary((void *)&wrapper%u);\n", k);
    fputs("}\n", f);
}

static int dlink_object(cux_cc_opts *opts, const cux_cc_tools *tools,
                        const scan *s, const char *out)
{
    (void)tools;
    const char *c = cux_cc_strf(opts, "%s.c", cux_cc_tmpstem(opts, out));
    cux_cc_note(opts, "cuxcc: write %s (device link: %u relocatable "
                "modules)", c, s->found.len);
    if (!opts->dryrun) {
        FILE *f = fopen(c, "w");
        if (!f) {
            fprintf(stderr, "cuxcc: cannot write %s\n", c);
            return 1;
        }
        write_source(f, s);
        if (fclose(f)) {
            fprintf(stderr, "cuxcc: cannot write %s\n", c);
            return 1;
        }
    }
    cux_cc_cmd cmd = {0};
    cux_cc_arg(&cmd, "cc");
    cux_cc_arg(&cmd, "-x");
    cux_cc_arg(&cmd, "c");
    /* A program or a shared object may link it. */
    cux_cc_arg(&cmd, "-fPIC");
    cux_cc_arg(&cmd, "-w");
    cux_cc_arg(&cmd, "-c");
    cux_cc_arg(&cmd, c);
    cux_cc_arg(&cmd, "-o");
    cux_cc_arg(&cmd, out);
    return cux_cc_run(opts, &cmd);
}

int cux_cc_dlink(cux_cc_opts *opts, const cux_cc_tools *tools,
                 const cux_cc_strs *objects, const char *out)
{
    scan s = {0};
    int rc = opts->dryrun ? 0 : scan_inputs(opts, &s, objects);
    if (!rc)
        rc = check(&s);
    if (!rc)
        rc = dlink_object(opts, tools, &s, out);
    scan_free(&s);
    return rc;
}

int cux_cc_dlink_implicit(cux_cc_opts *opts, const cux_cc_tools *tools,
                          cux_cc_strs *objects, cux_cc_strs *sources)
{
    if (opts->dryrun)
        return 0;
    scan s = {0};
    int rc = scan_inputs(opts, &s, objects);
    bool copies = false;
    for (uint32_t i = 0; i < s.found.len; i++)
        copies |= s.found.data[i].copy_it;
    if (!rc && s.found.len)
        rc = check(&s);
    if (!rc && copies) {
        const char *obj = cux_cc_strf(opts, "%s.o",
                                      cux_cc_tmpstem(opts, "dlink"));
        rc = dlink_object(opts, tools, &s, obj);
        CUX_PUSH(*objects, obj);
        CUX_PUSH(*sources, obj);
    }
    scan_free(&s);
    return rc;
}
