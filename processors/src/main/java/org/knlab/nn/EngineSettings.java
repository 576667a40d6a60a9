package org.knlab.nn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The engine's CPU threads and GEMM path: applied once, before PyTorch starts, by every entry point
 * (CLI, worker, benchmarks), logged, and recorded with every result.
 *
 * <p>Threads: PyTorch's intra-op threads = {@code KN_THREADS} (else every core the JVM sees), inter-op
 * threads 1 (kn-lab never runs two ops at once), through DJL's {@code ai.djl.pytorch.num_threads} /
 * {@code num_interop_threads}; the launchers also set {@code OMP_NUM_THREADS} and {@code MKL_NUM_THREADS}
 * (deploy/engine-env.sh), which a running JVM cannot.
 *
 * <p>GEMM: PyTorch's CPU build links Intel MKL statically; MKL picks its AVX2/AVX-512 kernels only
 * after checking the CPU's vendor, so on AMD it runs a generic path at a fraction of the CPU's rate.
 * The launchers preload a one-function shim on non-Intel x86 CPUs ({@code deploy/gemm/kn_mkl_intel.c}:
 * {@code mkl_serv_intel_cpu_true} returns 1), after which MKL dispatches on the CPU's feature flags as
 * on Intel. On Intel CPUs the check already passes and the shim is not loaded; GPUs use cuBLAS.
 *
 * <p>Allocator: PyTorch's CPU tensors come from malloc, and glibc hands every block over 32 MB straight
 * back to the kernel, so each large temporary (a [batch, width] activation, a gradient) page-faults its
 * memory in again on every use — a quarter of an SAE training step. The launchers preload jemalloc
 * when it is installed, with its separate arena for large blocks off ({@code oversize_threshold:0}), so
 * freed blocks are reused and returned to the kernel only after its usual decay (10 s).
 */
public record EngineSettings(
        int threads, int interopThreads, String cpuVendor, boolean avx512, String gemm, String allocator) {

    private static EngineSettings applied;

    /** The settings, applied to DJL's PyTorch properties on the first call (before the engine starts). */
    public static synchronized EngineSettings applied() {
        if (applied == null) {
            int threads = Optional.ofNullable(System.getenv("KN_THREADS"))
                    .map(Integer::parseInt)
                    .orElse(Runtime.getRuntime().availableProcessors());
            System.setProperty(
                    "ai.djl.pytorch.num_threads",
                    System.getProperty("ai.djl.pytorch.num_threads", Integer.toString(threads)));
            System.setProperty(
                    "ai.djl.pytorch.num_interop_threads",
                    System.getProperty("ai.djl.pytorch.num_interop_threads", "1"));
            Map<String, String> cpu = cpuInfo();
            String vendor = cpu.getOrDefault("vendor_id", "unknown");
            boolean avx512 = cpu.getOrDefault("flags", "").contains("avx512f");
            applied = new EngineSettings(
                    Integer.parseInt(System.getProperty("ai.djl.pytorch.num_threads")),
                    Integer.parseInt(System.getProperty("ai.djl.pytorch.num_interop_threads")),
                    vendor,
                    avx512,
                    gemmPath(vendor),
                    allocatorInUse());
        }
        return applied;
    }

    private static String gemmPath(String vendor) {
        boolean shim = preloaded("kn-mkl-intel");
        if (vendor.equals("GenuineIntel")) {
            return "MKL (in PyTorch), its Intel code path";
        }
        if (shim) {
            return "MKL (in PyTorch), Intel code path forced on this " + vendor + " CPU by the kn-mkl-intel shim";
        }
        if (!vendor.equals("AuthenticAMD") && !vendor.equals("HygonGenuine")) {
            return "the engine's own (" + vendor + " CPU)"; // not x86 MKL's vendor check: nothing to force
        }
        return "MKL (in PyTorch), generic path on this " + vendor + " CPU: start through deploy/kn or source"
                + " deploy/engine-env.sh for the kn-mkl-intel shim";
    }

    private static String allocatorInUse() {
        if (preloaded("jemalloc")) {
            return "jemalloc (MALLOC_CONF=" + env("MALLOC_CONF") + ")";
        }
        return "the C library's malloc: start through deploy/kn or source deploy/engine-env.sh for jemalloc";
    }

    /** Whether the launcher preloaded a library whose path contains {@code name}. */
    private static boolean preloaded(String name) {
        return Optional.ofNullable(System.getenv("LD_PRELOAD")).orElse("").contains(name);
    }

    /** The first processor's fields of /proc/cpuinfo (empty elsewhere). */
    private static Map<String, String> cpuInfo() {
        Map<String, String> out = new LinkedHashMap<>();
        Path info = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(info)) {
            return out;
        }
        try (Stream<String> lines = Files.lines(info)) {
            lines.takeWhile(l -> !l.isBlank()).forEach(l -> {
                int colon = l.indexOf(':');
                if (colon > 0) {
                    out.putIfAbsent(
                            l.substring(0, colon).strip(),
                            l.substring(colon + 1).strip());
                }
            });
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    /** One line for logs: threads, OpenMP/MKL environment, CPU, GEMM path and allocator. */
    public String describe() {
        return String.format(
                "threads %d intra-op / %d inter-op (OMP_NUM_THREADS=%s, MKL_NUM_THREADS=%s), %s%s, GEMM: %s,"
                        + " allocator: %s",
                threads,
                interopThreads,
                env("OMP_NUM_THREADS"),
                env("MKL_NUM_THREADS"),
                cpuVendor,
                avx512 ? " with AVX-512" : "",
                gemm,
                allocator);
    }

    /** For the reproducibility record. */
    public Map<String, Object> record() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("threads", threads);
        r.put("interopThreads", interopThreads);
        r.put("ompNumThreads", env("OMP_NUM_THREADS"));
        r.put("mklNumThreads", env("MKL_NUM_THREADS"));
        r.put("cpuVendor", cpuVendor);
        r.put("avx512", avx512);
        r.put("gemm", gemm);
        r.put("allocator", allocator);
        return r;
    }

    private static String env(String name) {
        return Optional.ofNullable(System.getenv(name)).orElse("unset");
    }
}
