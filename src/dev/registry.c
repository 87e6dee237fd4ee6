/* registry.c: the device kinds of this build, by the name CUX_DEVICE
 * gives them.  A new device adds one line to the table; the first line is
 * the default.
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

const cux_device_kind *cux_device_kind_choose(const char *name)
{
    if (!name || !*name)
        return &kinds[0];
    for (size_t i = 0; i < N_KINDS; i++)
        if (strcmp(kinds[i].name, name) == 0)
            return &kinds[i];
    cux_strbuf known = {0};
    for (size_t i = 0; i < N_KINDS; i++)
        cux_strbuf_printf(&known, "%s%s", i ? ", " : "", kinds[i].name);
    cux_log("CUX_DEVICE=%s: no such device kind in this build (known: %s)",
            name, known.data);
    cux_strbuf_free(&known);
    return NULL;
}
