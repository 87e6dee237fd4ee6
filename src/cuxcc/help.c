/* help.c: the texts of --help and --version.
 * --version keeps the five lines of nvcc's banner where tools look for
 * them, with cux's name in those that carry NVIDIA's, then says which
 * clang does the compiling, since that decides what code compiles. */
#include "cuxcc.h"

#include <stdio.h>

static const char help_text[] =
    "Usage  : cuxcc [options] <inputs>\n"
    "\n"
    "cuxcc takes nvcc's command line and compiles CUDA for cux, which runs\n"
    "it on the CPU.  Inputs: .cu (CUDA), .c, .cpp/.cc/.cxx, .o/.a/.so.\n"
    "See docs/cuxcc.md for every flag.\n"
    "\n"
    "Phases (default: compile and link):\n"
    "  -c, --compile             one object per input\n"
    "  -ptx, --ptx               device code only, as PTX (x.ptx)\n"
    "  -E, --preprocess          preprocess the host side\n"
    "  -M, -MM                   list dependencies (-MD, -MMD while\n"
    "                            compiling; -MF file, -MT target, -MP)\n"
    "  -lib                      a static library; -shared a shared object\n"
    "  -rdc=true, -dc            relocatable device code (separate\n"
    "                            compilation); -dw: -c -rdc=false\n"
    "  -dlink                    device link of -dc objects (a_dlink.o)\n"
    "  -o, --output-file FILE    output file (default a.out)\n"
    "\n"
    "Compilation:\n"
    "  -I dir, -D name[=value], -U name, -include file, -isystem dir\n"
    "  -O0..-O3                  host optimisation (device code: always -O3)\n"
    "  -g, -G, -lineinfo         debug information, line tables\n"
    "  -std=c++11|14|17|20       language standard\n"
    "  -x cu|c|c++|none          language of every input\n"
    "  -w                        no warnings\n"
    "  -Xcompiler a,b            flags for the host compiler (clang)\n"
    "  --use_fast_math, -ftz=, -prec-div=, -prec-sqrt=, -fmad=\n"
    "  -default-stream per-thread|legacy\n"
    "  --device-compiler clang|nvcc  who writes the device code's PTX\n"
    "                            (nvcc: NVIDIA's, where installed)\n"
    "\n"
    "Linking:\n"
    "  -l lib, -L dir, -Xlinker a,b, -Xarchive a,b\n"
    "  --cudart shared|static|none  how libcux (libcudart) is linked\n"
    "\n"
    "Accepted and recorded (shown with -v): -arch, -code, -gencode\n"
    "Accepted and ignored: -ccbin, -Xptxas, -maxrregcount, -res-usage, -t,\n"
    "  -m64, --expt-relaxed-constexpr, --extended-lambda, -Wno-deprecated-*\n"
    "Not supported: -cubin, -fatbin\n"
    "\n"
    "Driver:\n"
    "  -v, --verbose             show nvcc's environment lines and each\n"
    "                            command\n"
    "  -dryrun                   show the commands without running them\n"
    "  -keep, -keep-dir dir      keep intermediate files (PTX, container)\n"
    "  --options-file file       more options, read from file\n"
    "  -forward-unknown-to-host-compiler  unknown flags go to clang\n"
    "  --version, --help\n"
    "\n"
    "Environment: CUX_CLANG  the clang++ to use (default: clang++-16,\n"
    "  clang-16, clang++-14, clang-14 or clang++, first found on PATH);\n"
    "  CUX_DEVICE_COMPILER  --device-compiler's default; CUX_NVCC  the\n"
    "  nvcc for it (default: $NVCC, /usr/local/cuda/bin/nvcc, PATH)\n";

void cux_cc_print_help(void)
{
    fputs(help_text, stdout);
}

/* The first line is what CMake matches to call the compiler nvcc, and
 * "release X.Y, VX.Y.Z" on the fourth is what it and other tools read the
 * version from; the lines around them say what this really is. */
void cux_cc_print_version(const cux_cc_opts *opts,
                          const cux_cc_tools *tools)
{
    printf("nvcc: NVIDIA (R) Cuda compiler driver\n"
           "cuxcc, the cux CUDA compiler driver, cux version %s; "
           "not an NVIDIA product\n"
           "nvcc-compatible command line of release %s\n"
           "Cuda compilation tools, release %d.%d, V%d.%d.%d\n"
           "Build cux_%s\n"
           "Device code: PTX for sm_80 (sm_75 if -arch asks for older), "
           "run on the CPU by %s/libcux\n"
           "Compiler: %s\n",
           CUX_CC_VERSION, CUX_CC_NVCC_RELEASE, CUX_CC_CUDA_MAJOR,
           CUX_CC_CUDA_MINOR, CUX_CC_CUDA_MAJOR, CUX_CC_CUDA_MINOR,
           CUX_CC_CUDA_BUILD, CUX_CC_VERSION, tools->lib, tools->clang);
    cux_cc_cmd cmd = {0};
    cux_cc_arg(&cmd, tools->clang);
    cux_cc_arg(&cmd, "--version");
    cux_cc_opts quiet = *opts;
    quiet.verbose = quiet.dryrun = false;
    cux_cc_run(&quiet, &cmd);
}
