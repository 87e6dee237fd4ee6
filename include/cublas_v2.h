/* cublas_v2.h: present so that NVIDIA's copy elsewhere on the include path is
 * never picked up by accident; cux does not provide cuBLAS yet. */
#error "cux does not support cuBLAS yet; see docs/compatibility.md"
