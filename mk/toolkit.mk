# toolkit.mk: `make install` also lays out $(PREFIX)/lib/cux/cuda as an
# NVIDIA CUDA toolkit is laid out, for build tools that want one (CMake's
# CUDA language and FindCUDAToolkit, Makefiles with CUDA_HOME/lib64):
#
#   bin/nvcc                  -> cuxcc, which finds the tree from this name
#   include/                  -> cux's CUDA headers (include/cux)
#   lib64/libcudart.so{,.12,.13}, libcux.so -> libcux.so
#   lib64/libcudart_static.a  -> libcux.a
#   lib64/libcudadevrt.a      an empty archive: libcux holds the runtime
#   lib64/libcublas.so{,.12}  -> cux's cuBLAS (mk/libs.mk)
#   lib64/libcublasLt.so{,.12} -> cux's cuBLASLt (mk/libs.mk)
#   lib64/libcufft.so{,.11}   -> cux's cuFFT (mk/libs.mk)
#   nvvm/libdevice/README     the directory tools probe for; no bitcode
#   version.txt, version.json the CUDA version cuxcc reports as nvcc's
#
# A tree of its own, not the prefix itself, so that installing cux into
# /usr/local puts no nvcc, libcudart or cuda_runtime.h where the system's
# compilers and loader, or a real toolkit, would meet them.  Every link is
# relative, so the tree moves with the prefix (and works under DESTDIR).
# docs/cuxcc.md, "Using cux from make and CMake", says more.

TOOLKIT_DIR = $(PREFIX)/lib/cux/cuda
TOOLKIT_VERSION = 12.4.0

# The versioned names point at libcudart.so.N where the install made one.
define install_toolkit
	rm -rf $(DESTDIR)$(TOOLKIT_DIR)
	install -d $(DESTDIR)$(TOOLKIT_DIR)/bin $(DESTDIR)$(TOOLKIT_DIR)/lib64 \
	  $(DESTDIR)$(TOOLKIT_DIR)/nvvm/libdevice
	ln -s ../../../../bin/cuxcc $(DESTDIR)$(TOOLKIT_DIR)/bin/nvcc
	ln -s ../../../include/cux $(DESTDIR)$(TOOLKIT_DIR)/include
	for n in libcudart.so libcux.so; do \
	  ln -s ../../../libcux.so $(DESTDIR)$(TOOLKIT_DIR)/lib64/$$n; done
	for v in 12 13; do t=libcux.so; \
	  [ -e $(DESTDIR)$(PREFIX)/lib/libcudart.so.$$v ] && t=libcudart.so.$$v; \
	  ln -s ../../../$$t $(DESTDIR)$(TOOLKIT_DIR)/lib64/libcudart.so.$$v; done
	ln -s ../../../libcux.a $(DESTDIR)$(TOOLKIT_DIR)/lib64/libcudart_static.a
	for n in $(CUX_LIB_NAMES); do \
	  ln -s ../../../$$n $(DESTDIR)$(TOOLKIT_DIR)/lib64/$$n; done
	printf '!<arch>\n' > $(DESTDIR)$(TOOLKIT_DIR)/lib64/libcudadevrt.a
	install -m 644 mk/libdevice_README $(DESTDIR)$(TOOLKIT_DIR)/nvvm/libdevice/README
	echo 'CUDA Version $(TOOLKIT_VERSION)' > $(DESTDIR)$(TOOLKIT_DIR)/version.txt
	printf '{\n   "cuda" : {\n      "name" : "CUDA SDK (cux)",\n      "version" : "%s"\n   }\n}\n' \
	  $(TOOLKIT_VERSION) > $(DESTDIR)$(TOOLKIT_DIR)/version.json
endef
