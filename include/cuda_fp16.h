/* cuda_fp16.h: present so that NVIDIA's copy elsewhere on the include path is
 * never picked up by accident; cux does not provide half precision (cuda_fp16.h) yet. */
#error "cux does not support half precision (cuda_fp16.h) yet; see docs/compatibility.md"
