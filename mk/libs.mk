# libs.mk: CUDA's libraries as cux builds them (src/lib/<name>/), each a
# shared library over libcux and a well-kept CPU library.  Included by the
# Makefile.
#
# libcublas.so.12 is cuBLAS on OpenBLAS (docs/cublas.md); its soname is
# NVIDIA's, and lib/libcublas.so points at it so that `cuxcc ... -lcublas`
# finds it in cux's lib/ (cuxcc puts that directory first on -L and on
# the rpath).  It finds libcux.so next to itself through $ORIGIN.
#
# libcufft.so.11 is cuFFT on FFTW (docs/cufft.md), built the same way;
# 11 is the soname of CUDA 12's cuFFT.

CUBLAS_OBJ = $(patsubst %.c,build/pic/%.o,$(wildcard src/lib/cublas/*.c))
CUFFT_OBJ = $(patsubst %.c,build/pic/%.o,$(wildcard src/lib/cufft/*.c))
CUX_LIB_NAMES = libcublas.so libcublas.so.12 libcufft.so libcufft.so.11

all: lib/libcublas.so lib/libcufft.so

lib/libcublas.so.12: $(CUBLAS_OBJ) lib/libcux.so
	@mkdir -p lib
	$(CC) -shared -Wl,-soname,libcublas.so.12 $(LDFLAGS) $(CUBLAS_OBJ) \
	    -o $@ -Llib -lcux -lopenblas -lpthread -Wl,-rpath,'$$ORIGIN'

lib/libcublas.so: lib/libcublas.so.12
	ln -sf libcublas.so.12 $@

lib/libcufft.so.11: $(CUFFT_OBJ) lib/libcux.so
	@mkdir -p lib
	$(CC) -shared -Wl,-soname,libcufft.so.11 $(LDFLAGS) $(CUFFT_OBJ) \
	    -o $@ -Llib -lcux -lfftw3_threads -lfftw3f_threads -lfftw3 \
	    -lfftw3f -lpthread -Wl,-rpath,'$$ORIGIN'

lib/libcufft.so: lib/libcufft.so.11
	ln -sf libcufft.so.11 $@

-include $(CUBLAS_OBJ:.o=.d) $(CUFFT_OBJ:.o=.d)

define install_libs
	install -m 644 lib/libcublas.so.12 $(DESTDIR)$(PREFIX)/lib
	ln -sf libcublas.so.12 $(DESTDIR)$(PREFIX)/lib/libcublas.so
	install -m 644 lib/libcufft.so.11 $(DESTDIR)$(PREFIX)/lib
	ln -sf libcufft.so.11 $(DESTDIR)$(PREFIX)/lib/libcufft.so
endef
