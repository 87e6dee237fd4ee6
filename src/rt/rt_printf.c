/* rt_printf.c: device printf output, held as a GPU holds it until the
 * host synchronises (cudaDeviceSynchronize, stream and event syncs,
 * blocking copies, reset, exit), then written to stdout in one piece.
 *
 * Devices append through cux_printf_append (dev/device.h), the one call
 * from a device into the runtime, so that the text lives in the context
 * with the rest of the runtime's state. */
#include "rt/rt.h"

#include <stdio.h>

void cux_printf_append(const char *text, size_t len)
{
    cux_rt_context *ctx = cux_rt_ctx();
    pthread_mutex_lock(&ctx->printf_lock);
    cux_strbuf_append(&ctx->printf_text, text, len);
    pthread_mutex_unlock(&ctx->printf_lock);
}

/* Frees the buffer as well: a program that prints once does not keep the
 * text's memory, and exit leaves nothing behind. */
void cux_rt_printf_flush(void)
{
    cux_rt_context *ctx = cux_rt_ctx();
    pthread_mutex_lock(&ctx->printf_lock);
    if (ctx->printf_text.len) {
        fwrite(ctx->printf_text.data, 1, ctx->printf_text.len, stdout);
        fflush(stdout);
    }
    cux_strbuf_free(&ctx->printf_text);
    pthread_mutex_unlock(&ctx->printf_lock);
}
