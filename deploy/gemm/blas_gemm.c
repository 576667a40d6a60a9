/*
 * The machine's best BLAS at kn-lab's GEMM shapes: cblas_sgemm (row-major, fp32) of the linked BLAS
 * (Debian's OpenBLAS, with the kernels it picks for this CPU), best of a few timed rounds.
 *   blas_gemm M K N [M K N ...]   prints "M K N GFLOP/s" per shape
 * Built and run by deploy/bench-gemm.sh; threads from OPENBLAS_NUM_THREADS.
 */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    printf("openblas %s, core %s, threads %d\n", openblas_get_config(), openblas_get_corename(),
           openblas_get_num_threads());
    for (int a = 1; a + 2 < argc; a += 3) {
        int m = atoi(argv[a]), k = atoi(argv[a + 1]), n = atoi(argv[a + 2]);
        float *x = malloc(sizeof(float) * m * k), *y = malloc(sizeof(float) * k * n), *z = malloc(sizeof(float) * m * n);
        for (long i = 0; i < (long) m * k; i++) x[i] = (float) rand() / RAND_MAX;
        for (long i = 0; i < (long) k * n; i++) y[i] = (float) rand() / RAND_MAX;
        double flop = 2.0 * m * k * n, best = 0;
        int reps = (int) (2e10 / flop) + 1; /* about 20 GFLOP a round */
        for (int round = 0; round < 4; round++) {
            double t0 = now();
            for (int r = 0; r < reps; r++) {
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1.0f, x, k, y, n, 0.0f, z, n);
            }
            double rate = reps * flop / (now() - t0) / 1e9;
            if (round > 0 && rate > best) best = rate; /* round 0 warms up */
        }
        printf("%d %d %d %.1f\n", m, k, n, best);
        free(x); free(y); free(z);
    }
    return 0;
}
