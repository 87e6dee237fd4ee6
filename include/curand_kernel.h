/* curand_kernel.h: present so that NVIDIA's copy elsewhere on the include path is
 * never picked up by accident; cux does not provide cuRAND device API yet. */
#error "cux does not support cuRAND device API yet; see docs/compatibility.md"
