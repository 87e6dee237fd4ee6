# libs.mk: CUDA's libraries as cux builds them (src/lib/<name>/), each a
# shared library over libcux and a well-kept CPU library.  Included by the
# Makefile.
#
# libcublas.so.12 is cuBLAS on OpenBLAS (docs/cublas.md); its soname is
# NVIDIA's, and lib/libcublas.so points at it so that `cuxcc ... -lcublas`
# finds it in cux's lib/ (cuxcc puts that directory first on -L and on
# the rpath).  It finds libcux.so next to itself through $ORIGIN.
#
# cuRAND's device API (include/curand_kernel.h) uses
# include/cux/curand_core.h, whose XORWOW jump table
# include/cux/curand_xorwow_jump.h the build computes
# (src/tools/curand_jump.c); it is generated, never committed.

CUBLAS_OBJ = $(patsubst %.c,build/pic/%.o,$(wildcard src/lib/cublas/*.c))
CURAND_JUMP = include/cux/curand_xorwow_jump.h
CUX_LIB_NAMES = libcublas.so libcublas.so.12

all: lib/libcublas.so $(CURAND_JUMP)

lib/libcublas.so.12: $(CUBLAS_OBJ) lib/libcux.so
	@mkdir -p lib
	$(CC) -shared -Wl,-soname,libcublas.so.12 $(LDFLAGS) $(CUBLAS_OBJ) \
	    -o $@ -Llib -lcux -lopenblas -lpthread -Wl,-rpath,'$$ORIGIN'

lib/libcublas.so: lib/libcublas.so.12
	ln -sf libcublas.so.12 $@

-include $(CUBLAS_OBJ:.o=.d)

# Written to a temporary name first: cuxcc may read include/ meanwhile.
$(CURAND_JUMP): src/tools/curand_jump.c build/flags
	@mkdir -p build
	$(CC) $(WARN) $(CFLAGS) $< -o build/curand_jump
	build/curand_jump > $@.tmp && mv $@.tmp $@

define install_libs
	install -m 644 lib/libcublas.so.12 $(DESTDIR)$(PREFIX)/lib
	ln -sf libcublas.so.12 $(DESTDIR)$(PREFIX)/lib/libcublas.so
endef
