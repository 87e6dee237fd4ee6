/* fuzz_ptx.c: libFuzzer target for the PTX front end: any input must
 * parse or fail with a diagnostic; what parses must print and reparse. */
#include "ptx/ptx.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cux_diag diag = {0};
    cux_ptx_module *m = cux_ptx_parse((const char *)data, size, "fuzz", &diag);
    if (!m) {
        if (!diag.count)
            abort(); /* a failure must say why */
        return 0;
    }
    cux_strbuf a = {0}, b = {0};
    cux_ptx_print(m, &a);
    cux_diag diag2 = {0};
    cux_ptx_module *m2 = cux_ptx_parse(a.data, a.len, "fuzz", &diag2);
    if (!m2)
        abort(); /* printed text must reparse */
    cux_ptx_print(m2, &b);
    if (strcmp(a.data, b.data))
        abort(); /* and print the same */
    cux_ptx_module_free(m2);
    cux_ptx_module_free(m);
    cux_strbuf_free(&a);
    cux_strbuf_free(&b);
    return 0;
}
