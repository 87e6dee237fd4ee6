/* module.c: what loading a module's PTX means on every device: parse it,
 * refuse a PTX ISA newer than cux knows, run the pass list (lowering,
 * layout, analyses), and print what CUX_DUMP asks for on stderr.  A
 * device then generates its own code from the analysed module. */
#include "dev/device.h"

#include <stdio.h>
#include <stdlib.h>

/* The newest PTX ISA the front end reads. */
enum { NEWEST_PTX_MAJOR = 9 };

unsigned cux_dev_dump_flags(void)
{
    return cux_dump_flags(getenv("CUX_DUMP"));
}

static void print_dump(const char *origin, const char *what, cux_strbuf *text)
{
    if (!text->len)
        return;
    fprintf(stderr, "cux: %s of %s:\n%s", what, origin, text->data);
    cux_strbuf_free(text);
}

cudaError_t cux_dev_module_prepare(const char *ptx, size_t len,
                                   const char *origin,
                                   cux_ptx_module **module,
                                   cux_module_analysis *analysis)
{
    cux_diag diag = {0};
    *module = cux_ptx_parse(ptx, len, origin, &diag);
    if (!*module) {
        cux_log("%s", diag.message);
        return cudaErrorInvalidPtx;
    }
    cux_ptx_module *m = *module;
    if (m->version_major > NEWEST_PTX_MAJOR) {
        cux_log("%s: PTX ISA %u.%u is newer than cux supports (%d.0)", origin,
                m->version_major, m->version_minor, NEWEST_PTX_MAJOR);
        cux_ptx_module_free(m);
        *module = NULL;
        return cudaErrorUnsupportedPtxVersion;
    }
    unsigned dump = cux_dev_dump_flags();
    cux_strbuf dumped = {0};
    bool ok = cux_analyze_module(m, dump, &dumped, analysis, &diag);
    print_dump(origin, "CUX_DUMP", &dumped);
    if (!ok) {
        cux_log("%s", diag.message);
        cux_ptx_module_free(m);
        *module = NULL;
        return cudaErrorInvalidPtx;
    }
    return cudaSuccess;
}
