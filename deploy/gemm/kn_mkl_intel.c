/*
 * kn-mkl-intel: the one MKL service function that tells MKL's dispatcher whether the CPU is Intel's.
 * PyTorch's CPU build links MKL statically and exports this symbol, so a preloaded definition wins.
 * Returning 1 makes MKL choose its kernels by the CPU's feature flags (AVX2, AVX-512) on AMD as it does
 * on Intel, instead of its generic path. deploy/engine-env.sh builds and preloads it on non-Intel x86
 * CPUs only; KN_MKL_SHIM=off disables it, KN_MKL_SHIM=on loads it on any CPU (a no-op on Intel).
 */
int mkl_serv_intel_cpu_true(void) {
    return 1;
}
