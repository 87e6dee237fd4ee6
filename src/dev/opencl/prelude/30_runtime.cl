/* 30_runtime.cl: the runtime externals kernels call, as far as the
 * OpenCL device offers them: vprintf (printf), through the service area
 * that the device places in the arena and names ahead of the code, the
 * launch's lane's (dev/opencl/opencl.h describes the records,
 * ocl_device.h the lanes). */

#ifdef CUX_SVC_OFFSET
/* The argument buffer's size is the format's to say; at most 8 bytes per
 * conversion (each argument is aligned to its own size, 8 at most), and
 * CUDA passes at most 32 arguments. */
CUX_INL int cux_vprintf(CUX_MEM_ARGS, ulong fmt, ulong args)
{
    uint n = 0;
    for (uint i = 0; i < 4096u; i++) {
        uchar ch = CUX_GENERIC_LD(uchar, fmt + i);
        if (!ch)
            break;
        if (ch == '%' && CUX_GENERIC_LD(uchar, fmt + i + 1) == '%')
            i++;
        else if (ch == '%' || ch == '*')
            n++;
    }
    uint len = args ? min(n * 8u, 256u) : 0u;
    uint size = 16u + ((len + 7u) & ~7u);
    __global volatile uint *head =
        (__global volatile uint *)(A_ + CUX_SVC_OFFSET);
    uint at = atomic_add(head, size);
    if (at + size > CUX_SVC_BYTES - 16u) {
        atomic_inc(head + 1);
        return -1;
    }
    __global uchar *rec = A_ + CUX_SVC_OFFSET + 16u + at;
    *(__global ulong *)rec = fmt;
    *(__global uint *)(rec + 8) = len;
    for (uint k = 0; k < len; k++)
        rec[16u + k] = CUX_GENERIC_LD(uchar, args + k);
    return (int)n;
}
#endif

#ifdef CUX_SVC_OFFSET
/* A failed assert: a record the host turns into CUDA's message and the
 * launch's cudaErrorAssert (ocl_printf.c); the format field 0 and the
 * length CUX_SVC_ASSERT mark it. */
#define CUX_SVC_ASSERT 0xa55e47u
CUX_INL void cux_assert_fail(ulong msg, ulong file, uint line, ulong func,
                             __global uchar *A_)
{
    __global volatile uint *head =
        (__global volatile uint *)(A_ + CUX_SVC_OFFSET);
    uint at = atomic_add(head, 72u);
    if (at + 72u > CUX_SVC_BYTES - 16u) {
        atomic_inc(head + 1);
        return;
    }
    __global uchar *rec = A_ + CUX_SVC_OFFSET + 16u + at;
    __global ulong *w = (__global ulong *)rec;
    __global uint *u = (__global uint *)rec;
    w[0] = 0;
    u[2] = CUX_SVC_ASSERT;
    w[2] = msg;
    w[3] = file;
    w[4] = func;
    u[10] = line;
    for (uint d = 0; d < 3u; d++) {
        u[11 + d] = (uint)get_group_id(d);
        u[14 + d] = (uint)get_local_id(d);
    }
}
#endif

/* cudaGraphSetConditional: the handle is the CUDA address of the
 * condition's 32-bit word, host memory that the runtime has the device
 * let kernels use in place (rt_graph_cond.c); racing sets leave one of
 * their values, as CUDA allows. */
CUX_INL void cux_graph_set_conditional(__global uchar *A_, ulong AB_,
                                       ulong handle, uint value)
{
    atomic_xchg((__global volatile uint *)(A_ + CUX_ARENA_OFFSET(handle, 4u)),
                value);
}
