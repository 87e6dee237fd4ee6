/* arch.c: GPU architecture flags (-arch, -code, -gencode), recorded.
 * cux always asks clang for sm_75 PTX and runs it on the chosen device, so
 * an architecture changes nothing; the values are checked for shape,
 * kept and shown under -v so a build log says what was asked for. */
#include "cuxcc.h"

#include <stdlib.h>
#include <string.h>

void cux_cc_arch_record(cux_cc_opts *opts, const char *what,
                        const char *value)
{
    if (!*value)
        cux_cc_fatal("No value given for option '-%s'", what);
    CUX_PUSH(opts->archs, cux_cc_strf(opts, "-%s=%s", what, value));
}

/* code="sm_75,compute_75" and code=[sm_75,compute_75] both name a list;
 * the shell may or may not have removed the quotes. */
static const char *unwrap(cux_cc_opts *opts, const char *list)
{
    size_t n = strlen(list);
    if (n >= 2 && ((list[0] == '"' && list[n - 1] == '"') ||
                   (list[0] == '\'' && list[n - 1] == '\'') ||
                   (list[0] == '[' && list[n - 1] == ']')))
        return cux_arena_strndup(&opts->arena, list + 1, n - 2);
    return list;
}

/* -gencode arch=compute_75,code=sm_75: nvcc insists on both halves. */
void cux_cc_arch_gencode(cux_cc_opts *opts, const char *value)
{
    const char *arch = value;
    if (strncmp(arch, "arch=", 5))
        cux_cc_fatal("Option '--generate-code %s', missing arch", value);
    arch += 5;
    const char *code = strstr(arch, ",code=");
    if (!code)
        cux_cc_fatal("Option '--generate-code %s', missing code", value);
    const char *arch_only = cux_arena_strndup(&opts->arena, arch,
                                              (size_t)(code - arch));
    const char *codes = unwrap(opts, code + 6);
    if (!*arch_only || !*codes)
        cux_cc_fatal("Option '--generate-code %s' is malformed", value);
    CUX_PUSH(opts->archs, cux_cc_strf(opts, "-gencode=arch=%s,code=%s",
                                      arch_only, codes));
}
