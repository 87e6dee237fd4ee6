# cux: build, test, demo and benchmarks.  `make` builds everything in
# place (bin/, lib/, include/); `make test` and `make demo` first install
# what is missing on a Debian machine (see mk/deps.sh).

CC       ?= gcc
CFLAGS   ?= -O2 -g
WARN      = -std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE
CPPFLAGS += -Iinclude -Isrc -Ibuild/gen
PREFIX   ?= /usr/local

# The compiler core (util, ptx, analysis, codegen) depends on libc alone.
CORE_SRC = $(wildcard src/util/*.c src/ptx/*.c src/analysis/*.c \
                      src/codegen/common/*.c src/codegen/c/*.c \
                      src/codegen/opencl/*.c)
LIB_SRC  = $(CORE_SRC) $(wildcard src/rt/*.c src/dev/*.c src/dev/cpu/*.c \
                                  src/dev/opencl/*.c)
LIB_OBJ  = $(LIB_SRC:%.c=build/pic/%.o) build/pic/gen/cpu_prelude.o \
           build/pic/gen/ocl_prelude.o
# cuxcc links device code with the runtime's PTX linker, to report at
# build time what the run-time link would refuse.
CUXCC_SRC = $(wildcard src/cuxcc/*.c) $(wildcard src/util/*.c) \
            src/ptx/lex.c src/ptx/link.c
# The texture and surface descriptors are shared with the runtime, so
# they live in src/dev/ and open the prelude.
PRELUDE  = src/dev/texture_desc.h src/dev/surface_desc.h $(sort $(wildcard src/dev/cpu/prelude/*.h))
# The OpenCL device's prelude (OpenCL C), embedded the same way.
OCL_PRELUDE = $(sort $(wildcard src/dev/opencl/prelude/*.cl))
UNSUPPORTED = build/unsupported

include mk/toolkit.mk
include mk/libs.mk

all: lib/libcux.so lib/libcux.a bin/cuxcc bin/cuxinfo $(UNSUPPORTED)/README

# build/flags names the compiler and flags of what build/, lib/ and bin/
# hold; it changes only when they do, and everything depends on it, so a
# build with other flags (check-asan) is followed by a full normal rebuild.
# A tree built before the stamp existed counts as normal (dated 1970).
FLAGS_ID = $(CC) $(CFLAGS) $(LDFLAGS)
build/flags: FORCE
	@mkdir -p build
	@if [ ! -f $@ ]; then echo '$(FLAGS_ID)' > $@ && touch -d @0 $@; \
	elif [ "$$(cat $@)" != '$(FLAGS_ID)' ]; then echo '$(FLAGS_ID)' > $@; fi

build/pic/%.o: %.c build/flags
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) -fPIC -fvisibility=hidden -MMD -MP -c $< -o $@

build/pic/gen/%.o: build/gen/%.c build/flags
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) -fPIC -fvisibility=hidden -c $< -o $@

# The CPU device's prelude (vector types, device library) is C source
# that the JIT compiles with every module; it is embedded as a string.
build/gen/cpu_prelude.c: $(PRELUDE) build/embed
	@mkdir -p $(dir $@)
	build/embed cux_cpu_prelude_text $(PRELUDE) > $@

build/gen/ocl_prelude.c: $(OCL_PRELUDE) build/embed
	@mkdir -p $(dir $@)
	build/embed cux_ocl_prelude_text $(OCL_PRELUDE) > $@

build/embed: src/tools/embed.c build/flags
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CFLAGS) $< -o $@

lib/libcux.so: $(LIB_OBJ)
	@mkdir -p lib
	$(CC) -shared -Wl,-soname,libcux.so $(LDFLAGS) $^ -o $@ -ldl -lpthread -lm

lib/libcux.a: $(LIB_OBJ)
	@mkdir -p lib
	rm -f $@ && ar rcs $@ $^

bin/cuxcc: $(CUXCC_SRC) build/flags | $(UNSUPPORTED)/README
	@mkdir -p bin
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) $(CUXCC_SRC) -o $@

# A stand-in for every header of NVIDIA's toolkit that include/ lacks, each
# stopping the build with one error naming its feature; cuxcc puts them on
# the path right after include/ (mk/cuda_headers.txt says why).  Remade
# when the list changes or include/ gains or loses a header (a directory's
# time changes then).
$(UNSUPPORTED)/README: mk/cuda_headers.txt mk/unsupported_headers.sh \
                       $(shell find include -type d)
	sh mk/unsupported_headers.sh mk/cuda_headers.txt include $(UNSUPPORTED)

bin/cuxinfo: src/tools/cuxinfo.c lib/libcux.so
	@mkdir -p bin
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) $< -o $@ -Llib -lcux -Wl,-rpath,'$$ORIGIN/../lib'

-include $(LIB_OBJ:.o=.d)

# libcudart.so.N for programs built by nvcc (mk/cudart.mk).
include mk/cudart.mk

deps:
	@sh mk/deps.sh

demo: deps all
	$(MAKE) -C examples run

test: deps all
	@sh tests/run.sh

# check-asan replaces the normal build in build/, lib/ and bin/ with one
# under ASan and UBSan (kept afterwards, to debug a failure); the next
# plain `make` sees build/flags change and rebuilds everything normally.
SAN_FLAGS = -fsanitize=address,undefined
check-asan:
	$(MAKE) all CFLAGS="-O1 -g $(SAN_FLAGS) -fno-omit-frame-pointer" \
	    LDFLAGS="$(SAN_FLAGS)"
	CUX_SANITIZE=1 sh tests/run.sh

# check-tsan does the same with ThreadSanitizer (gcc's libtsan, which
# Debian's gcc pulls in): every test runs with it, and any race report
# fails the test.  tests/tsan.supp lists, with a reason each, what TSan
# cannot see; docs/runtime.md ("Thread safety") says what it checks.
TSAN_FLAGS = -fsanitize=thread
check-tsan:
	$(MAKE) all CFLAGS="-O1 -g $(TSAN_FLAGS)" LDFLAGS="$(TSAN_FLAGS)"
	CUX_SANITIZE=thread sh tests/run.sh

# The benchmarks also compare against OpenCL on PoCL, which deps.sh
# installs (the OpenCL device needs it too); where it cannot be installed
# run.sh shows `-` in its column instead of failing.
bench: deps all
	@sh mk/deps.sh bench || echo "bench: no OpenCL, PoCL column skipped"
	@sh bench/run.sh
	@sh bench/alloc.sh

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib \
	  $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/share/cux \
	  $(DESTDIR)$(PREFIX)/lib/pkgconfig
	install -m 755 bin/cuxcc bin/cuxinfo bin/cux $(DESTDIR)$(PREFIX)/bin
	install -m 644 lib/libcux.so lib/libcux.a $(CUDART_LIBS) $(DESTDIR)$(PREFIX)/lib
	$(install_libs)
	cp -r include/. $(DESTDIR)$(PREFIX)/include/cux
	rm -rf $(DESTDIR)$(PREFIX)/share/cux/unsupported
	cp -r $(UNSUPPORTED) $(DESTDIR)$(PREFIX)/share/cux/unsupported
	cp -r docs $(DESTDIR)$(PREFIX)/share/cux/
	sed -e 's|@PREFIX@|$(PREFIX)|g' mk/cux.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/cux.pc
	$(install_toolkit)

clean-build:
	rm -rf build lib bin

clean: clean-build
	rm -rf tests/out examples/out bench/out

.PHONY: all deps demo test check-asan check-tsan bench install clean clean-build FORCE
