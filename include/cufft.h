/* cufft.h: present so that NVIDIA's copy elsewhere on the include path is
 * never picked up by accident; cux does not provide cuFFT yet. */
#error "cux does not support cuFFT yet; see docs/compatibility.md"
