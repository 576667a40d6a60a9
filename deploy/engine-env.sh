# Engine settings every kn entry point sources before starting Java (issue 22; see
# processors/.../nn/EngineSettings.java): OpenMP/MKL threads = KN_THREADS (default: all cores), and on
# non-Intel x86 CPUs the kn-mkl-intel shim preloaded so PyTorch's built-in MKL takes the AVX2/AVX-512
# kernels the CPU has; jemalloc preloaded when installed (Debian: libjemalloc2), so PyTorch's large CPU
# temporaries are reused instead of page-faulted in anew each time. Needs $root (the repository).
# KN_MKL_SHIM=auto|on|off, KN_JEMALLOC=auto|off.
: "${KN_THREADS:=$(nproc)}"
export KN_THREADS
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-$KN_THREADS}" MKL_NUM_THREADS="${MKL_NUM_THREADS:-$KN_THREADS}"
kn_shim_wanted=no
case "${KN_MKL_SHIM:-auto}" in
  on) kn_shim_wanted=yes ;;
  auto) grep -q -m1 '^vendor_id.*AuthenticAMD\|^vendor_id.*HygonGenuine' /proc/cpuinfo 2>/dev/null && kn_shim_wanted=yes ;;
esac
if [[ $kn_shim_wanted == yes ]]; then
  kn_shim="$root/deploy/target/libkn-mkl-intel.so"
  if [[ ! -f "$kn_shim" ]] && command -v cc >/dev/null 2>&1; then
    mkdir -p "$root/deploy/target" && cc -O2 -shared -fPIC -o "$kn_shim" "$root/deploy/gemm/kn_mkl_intel.c"
  fi
  if [[ -f "$kn_shim" ]]; then
    export LD_PRELOAD="$kn_shim${LD_PRELOAD:+:$LD_PRELOAD}"
  else
    echo "kn: no C compiler for the MKL shim; PyTorch's GEMM stays on MKL's generic path on this CPU" >&2
  fi
fi
unset kn_shim kn_shim_wanted
if [[ ${KN_JEMALLOC:-auto} != off ]]; then
  kn_jemalloc=
  for kn_lib in /usr/lib/x86_64-linux-gnu/libjemalloc.so.2 /usr/lib/aarch64-linux-gnu/libjemalloc.so.2 \
    /usr/lib64/libjemalloc.so.2; do
    [[ -z $kn_jemalloc && -f $kn_lib ]] && kn_jemalloc=$kn_lib
  done
  if [[ -n $kn_jemalloc ]]; then
    export LD_PRELOAD="$kn_jemalloc${LD_PRELOAD:+:$LD_PRELOAD}"
    # no separate arena for blocks over 8 MB: it hands them back to the kernel at once
    export MALLOC_CONF="${MALLOC_CONF:-oversize_threshold:0}"
  fi
  unset kn_jemalloc kn_lib
fi
