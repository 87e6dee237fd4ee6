/* arch.c: GPU architecture flags (-arch, -code, -gencode), recorded.
 * The values are checked for shape, kept and shown under -v so a build
 * log says what was asked for.  They choose between cux's two device
 * targets: sm_80, which the CPU device reports (every sm_80 instruction
 * runs), and sm_75 for a build that names only older architectures, so
 * that its __CUDA_ARCH__ never claims a newer GPU than it asked for (no
 * older target: clang's PTX for those is untested on cux). */
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

/* The sm_NN or compute_NN number in one recorded -arch/-code/-gencode
 * value, the largest if it names several; 0 for native, all and the
 * like. */
static int arch_number(const char *value)
{
    int best = 0;
    for (const char *p = value; *p; p++) {
        if (strncmp(p, "sm_", 3) && strncmp(p, "compute_", 8))
            continue;
        int n = atoi(strchr(p, '_') + 1);
        best = n > best ? n : best;
    }
    return best;
}

/* native asks the device (8.0), all and all-major include 8.0 and later,
 * and no value at all is the default: each is sm_80. */
int cux_cc_arch_target(const cux_cc_opts *opts)
{
    int best = 0;
    for (uint32_t i = 0; i < opts->archs.len; i++) {
        int n = arch_number(opts->archs.data[i]);
        if (!n || n >= 80)
            return 80;
        best = n > best ? n : best;
    }
    return best ? 75 : 80;
}
