/* registry.c: the device kinds of this build, by the name CUX_DEVICE
 * gives them.  A new device adds one line to the table; the first line is
 * the default.  CUX_DEVICE may name several kinds, separated by commas:
 * their devices are then CUDA's devices in that order.
 *
 * The table names each kind's create function directly, so a build links
 * exactly the devices listed (the runtime tests link a fake under the CPU
 * device's name). */
#include "dev/device.h"

#include <string.h>

static const cux_device_kind kinds[] = {
    {"cpu", cux_cpu_device_count, cux_cpu_device_create},
    {"opencl", cux_opencl_device_count, cux_opencl_device_create},
};

#define N_KINDS (sizeof kinds / sizeof kinds[0])
_Static_assert(N_KINDS <= CUX_DEVICE_KINDS, "CUX_DEVICE_KINDS too small");

static const cux_device_kind *kind_named(const char *name, size_t len)
{
    for (size_t i = 0; i < N_KINDS; i++)
        if (strlen(kinds[i].name) == len &&
            strncmp(kinds[i].name, name, len) == 0)
            return &kinds[i];
    return NULL;
}

int cux_device_kinds_choose(const char *names, const cux_device_kind **out)
{
    if (!names || !*names) {
        out[0] = &kinds[0];
        return 1;
    }
    int n = 0;
    for (const char *p = names;; p++) {
        size_t len = strcspn(p, ",");
        const cux_device_kind *kind = kind_named(p, len);
        for (int i = 0; kind && i < n; i++)
            if (out[i] == kind) {
                cux_log("CUX_DEVICE=%s: the kind '%s' is named twice", names,
                        kind->name);
                return 0;
            }
        if (!kind) {
            cux_strbuf known = {0};
            for (size_t i = 0; i < N_KINDS; i++)
                cux_strbuf_printf(&known, "%s%s", i ? ", " : "",
                                  kinds[i].name);
            cux_log("CUX_DEVICE=%s: no such device kind in this build "
                    "(known: %s)", names, known.data);
            cux_strbuf_free(&known);
            return 0;
        }
        out[n++] = kind;
        p += len;
        if (!*p)
            return n;
    }
}
