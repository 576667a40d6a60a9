# Shared by the benchmark scripts (sourced from the repository root, after deploy/engine-env.sh).

# Builds processors' test classes; sets $test_cp to run a benchmark main from them.
bench_classpath() {
  ./mvnw -B -q -ntp -pl processors -am test-compile -DskipTests
  ./mvnw -B -q -ntp -pl processors dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/test-classpath.txt
  test_cp="processors/target/test-classes:processors/target/classes:$(cat processors/target/test-classpath.txt)"
}

# Builds deploy/target/blas_gemm against Debian's OpenBLAS (installing libopenblas-dev when missing).
blas_gemm_build() {
  if [[ ! -f /usr/include/x86_64-linux-gnu/openblas-pthread/cblas.h ]]; then
    apt-get update -qq && apt-get install -y -qq libopenblas-dev >/dev/null
  fi
  mkdir -p deploy/target
  cc -O2 -o deploy/target/blas_gemm deploy/gemm/blas_gemm.c -I/usr/include/x86_64-linux-gnu/openblas-pthread -lopenblas
}

# The BLAS's rates for "M K N ..." with the kernels it picks for this CPU (OPENBLAS_CORETYPE unset for it alone).
blas_gemm_run() {
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS="$KN_THREADS" deploy/target/blas_gemm "$@"
}
