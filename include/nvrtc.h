/* nvrtc.h: present so that NVIDIA's copy elsewhere on the include path is
 * never picked up by accident; cux does not provide NVRTC yet. */
#error "cux does not support NVRTC yet; see docs/compatibility.md"
