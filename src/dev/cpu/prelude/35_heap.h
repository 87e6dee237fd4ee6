/* 35_heap.h: the device heap as C++ sees it: operator new and delete,
 * which clang's device code calls by their mangled names.  On a GPU the
 * CUDA device runtime provides them over the same heap as malloc; here
 * that heap is the C library's (as device malloc's is, 10_runtime.h), so
 * memory a kernel allocates with new outlives the kernel and any later
 * kernel may delete it.  Device code has no exceptions: a failed new
 * returns null, as it does on a GPU. */

CUX_INL uint64_t cux_op_new(uint64_t size)
{
    /* Each new returns a distinct object, even of size 0. */
    return (uint64_t)(uintptr_t)malloc(size ? size : 1);
}

CUX_INL uint64_t cux_op_new_aligned(uint64_t size, uint64_t align)
{
    if (align < sizeof(void *))
        align = sizeof(void *);
    /* C11's aligned_alloc wants a multiple of the alignment. */
    uint64_t bytes = (size + align - 1) / align * align;
    return (uint64_t)(uintptr_t)aligned_alloc(align, bytes ? bytes : align);
}

CUX_INL void cux_op_delete(uint64_t p)
{
    free((void *)(uintptr_t)p);
}

/* The sized and aligned forms free the same way: malloc and
 * aligned_alloc memory both go to free. */
CUX_INL void cux_op_delete_with(uint64_t p, uint64_t size_or_align)
{
    (void)size_or_align;
    free((void *)(uintptr_t)p);
}

CUX_INL void cux_op_delete_with2(uint64_t p, uint64_t size, uint64_t align)
{
    (void)size;
    (void)align;
    free((void *)(uintptr_t)p);
}
