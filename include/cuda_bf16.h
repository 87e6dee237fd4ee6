/* cuda_bf16.h: present so that NVIDIA's copy elsewhere on the include path is
 * never picked up by accident; cux does not provide bfloat16 (cuda_bf16.h) yet. */
#error "cux does not support bfloat16 (cuda_bf16.h) yet; see docs/compatibility.md"
