/* managed_section.h: how the runtime learns which host globals are
 * __managed__ variables (host_defines.h puts them in the section
 * cux_managed).  Every CUDA file's host pass includes this (through
 * cuda_runtime.h, which cuxcc includes first, as nvcc does); each
 * executable and shared object then tells the runtime where its section
 * lies, before its own registration code runs (constructor priority 101
 * comes before clang's registration, which has none), so the runtime
 * can give the device code the host variable itself as its memory.
 * The linker defines the bounds only where the section exists; the weak
 * references are NULL elsewhere. */
#ifndef CUX_MANAGED_SECTION_H
#define CUX_MANAGED_SECTION_H

#if defined(__CUDA__) && !defined(__CUDA_ARCH__)
#ifdef __cplusplus
extern "C" {
#endif
extern char __start_cux_managed[]
    __attribute__((weak, visibility("hidden")));
extern char __stop_cux_managed[]
    __attribute__((weak, visibility("hidden")));
void cux_register_managed_section(const void *start, const void *stop);
#ifdef __cplusplus
}
#endif

static __attribute__((constructor(101), used)) void
cux_managed_section_register(void)
{
    const char *start = __start_cux_managed, *stop = __stop_cux_managed;
    if (start != stop)
        cux_register_managed_section(start, stop);
}
#endif

#endif
