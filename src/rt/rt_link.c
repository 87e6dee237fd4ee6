/* rt_link.c: relocatable device code (-rdc=true), linked when first used.
 * Every object compiled -rdc=true registers its own PTX container, marked
 * relocatable; those of one program image (the executable, or one shared
 * object: the unit nvcc's device link works on) are linked into a single
 * module (src/ptx/link.c) the first time any of them is needed, and each
 * of their registrations reaches its kernels and variables through it,
 * under the names the link gave them.  A static library's members come
 * twice when the host linker pulled them in: once from their object and
 * once, lazily, from the device link's object; the PTX linker keeps one.
 *
 * Linking waits for first use because the registrations of one image are
 * all made by its start-up code before any of its kernels can run. */
#include "rt/rt.h"

#include <stdlib.h>
#include <string.h>

struct cux_rt_link {
    char *image;                 /* the program or shared object, owned */
    CUX_ARRAY(cux_ptx_link_input) inputs; /* origins owned */
    uint32_t live;               /* registrations not yet dropped */
    bool linked;                 /* result or error below is final */
    cudaError_t error;           /* why the link failed */
    cux_ptx_link result;
    cux_module *module[CUX_RT_MAX_DEVICES];
    cudaError_t load_error[CUX_RT_MAX_DEVICES];
    bool tried[CUX_RT_MAX_DEVICES];
    cux_rt_link *next;
};

cux_rt_link *cux_rt_link_add(const char *image,
                             const cux_ptx_link_input *input,
                             uint32_t *index)
{
    cux_rt_context *ctx = cux_rt_ctx();
    cux_rt_link *l = ctx->links;
    while (l && strcmp(l->image, image))
        l = l->next;
    if (!l) {
        l = cux_xcalloc(1, sizeof *l);
        l->image = strdup(image);
        l->next = ctx->links;
        ctx->links = l;
    }
    cux_ptx_link_input in = *input;
    in.origin = strdup(input->origin);
    CUX_PUSH(l->inputs, in);
    l->live++;
    *index = l->inputs.len - 1;
    return l;
}

static void unload_link(cux_rt_link *l, int d)
{
    cux_rt_device *dev = &cux_rt_ctx()->devices[d];
    if (l->module[d] && dev->dev)
        dev->dev->ops->module_unload(dev->dev, l->module[d]);
    l->module[d] = NULL;
    l->tried[d] = false;
}

static void free_link(cux_rt_link *l)
{
    for (int d = 0; d < cux_rt_ctx()->n_devices; d++)
        unload_link(l, d);
    for (uint32_t i = 0; i < l->inputs.len; i++)
        free((char *)l->inputs.data[i].origin);
    free(l->inputs.data);
    cux_ptx_link_free(&l->result);
    free(l->image);
    free(l);
}

void cux_rt_link_drop(cux_rt_link *link, uint32_t index)
{
    cux_rt_context *ctx = cux_rt_ctx();
    /* Its PTX goes with its image: a link not made yet leaves it out. */
    link->inputs.data[index].text = "";
    link->inputs.data[index].len = 0;
    if (--link->live)
        return;
    for (cux_rt_link **p = &ctx->links; *p; p = &(*p)->next)
        if (*p == link) {
            *p = link->next;
            break;
        }
    free_link(link);
}

static void make_link(cux_rt_link *l)
{
    cux_diag diag = {0};
    l->linked = true;
    if (cux_ptx_link_modules(l->inputs.data, l->inputs.len, &l->result,
                             &diag)) {
        l->error = cudaSuccess;
        return;
    }
    cux_log("%s: cannot link its relocatable device code: %s", l->image,
            diag.message);
    l->error = cudaErrorInvalidPtx;
}

cudaError_t cux_rt_link_load(cux_rt_link *link, uint32_t index,
                             cux_rt_device *dev, cux_module **out)
{
    int d = dev->dev->ordinal;
    if (!link->linked)
        make_link(link);
    if (link->error != cudaSuccess)
        return link->error;
    if (link->result.same_as[index] < 0)
        return cudaErrorInvalidPtx; /* cannot be: registered means linked */
    if (!link->tried[d]) {
        link->tried[d] = true;
        const cux_strbuf *t = &link->result.text;
        link->load_error[d] = dev->dev->ops->module_load(
            dev->dev, t->data, t->len, link->image, &link->module[d]);
    }
    *out = link->module[d];
    return link->load_error[d];
}

const char *cux_rt_link_name(const cux_rt_link *link, uint32_t index,
                             const char *name)
{
    if (!link->linked || link->error != cudaSuccess)
        return name;
    return cux_ptx_link_name(&link->result, index, name);
}

void cux_rt_links_unload(int device)
{
    cux_rt_context *ctx = cux_rt_ctx();
    for (cux_rt_link *l = ctx->links; l; l = l->next)
        for (int d = 0; d < ctx->n_devices; d++)
            if (device < 0 || d == device)
                unload_link(l, d);
}

void cux_rt_links_free(void)
{
    cux_rt_context *ctx = cux_rt_ctx();
    while (ctx->links) {
        cux_rt_link *next = ctx->links->next;
        free_link(ctx->links);
        ctx->links = next;
    }
}
