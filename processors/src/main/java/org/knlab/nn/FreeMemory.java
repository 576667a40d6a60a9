package org.knlab.nn;

import ai.djl.Device;
import ai.djl.util.cuda.CudaUtils;
import java.io.IOException;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * Memory free for arrays on a device now: the GPU's free memory; on the host, {@code MemAvailable}, or
 * less when the process runs in a container whose memory limit leaves less (cgroup v2
 * {@code memory.max − memory.current}: in a container /proc/meminfo shows the whole node).
 */
public final class FreeMemory {

    private static final Path MEMINFO = Path.of("/proc/meminfo");
    private static final Path CGROUP = Path.of("/sys/fs/cgroup");

    private FreeMemory() {}

    /** How an error names the device's memory: "this machine", or the GPU. */
    public static String owner(Device device) {
        return device.isGpu() ? "GPU " + device : "this machine";
    }

    /** Empty where it cannot be read (a host without /proc). */
    public static OptionalLong on(Device device) {
        if (device.isGpu()) {
            MemoryUsage gpu = CudaUtils.getGpuMemory(device);
            return OptionalLong.of(gpu.getMax() - gpu.getUsed());
        }
        OptionalLong host = memAvailable();
        OptionalLong container = containerFree();
        if (host.isPresent() && container.isPresent()) {
            return OptionalLong.of(Math.min(host.getAsLong(), container.getAsLong()));
        }
        return host.isPresent() ? host : container;
    }

    private static OptionalLong memAvailable() {
        if (!Files.isReadable(MEMINFO)) {
            return OptionalLong.empty();
        }
        try (Stream<String> lines = Files.lines(MEMINFO)) {
            return lines.filter(l -> l.startsWith("MemAvailable:"))
                    .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")) * 1024)
                    .findFirst();
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    /** The container's limit less its use; empty without a limit ("max") or without cgroup v2. */
    private static OptionalLong containerFree() {
        try {
            String max = Files.readString(CGROUP.resolve("memory.max")).strip();
            if (!max.matches("\\d+")) {
                return OptionalLong.empty();
            }
            long current = Long.parseLong(
                    Files.readString(CGROUP.resolve("memory.current")).strip());
            return OptionalLong.of(Long.parseLong(max) - current);
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
