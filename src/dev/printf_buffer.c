/* printf_buffer.c: device printf output, held as a GPU holds it until the
 * host synchronises (cudaDeviceSynchronize, stream and event syncs,
 * blocking copies, exit), then written to stdout in one piece.
 * The buffer is the runtime's, so it lives here beside the device code that
 * appends to it; it is the only state outside the context object and is
 * freed by the final flush. */
#include "dev/device.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static cux_strbuf pending;

void cux_printf_append(const char *text, size_t len)
{
    pthread_mutex_lock(&lock);
    cux_strbuf_append(&pending, text, len);
    pthread_mutex_unlock(&lock);
}

void cux_printf_flush(void)
{
    pthread_mutex_lock(&lock);
    if (pending.len) {
        fwrite(pending.data, 1, pending.len, stdout);
        fflush(stdout);
    }
    cux_strbuf_free(&pending);
    pthread_mutex_unlock(&lock);
}
