package org.knlab.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.knlab.errors.InvalidParameterException;

/**
 * Where a model runs: {@code auto} (the first GPU when the engine sees one, else the CPU),
 * {@code cpu}, {@code gpu} (= {@code gpu:0}) or {@code gpu:N}. One worker per GPU: start each with
 * its own {@code gpu:N}. A GPU asked for but not there is an error naming {@code device} — never a
 * silent fall-back to the CPU, which would turn a minutes-long run into hours.
 */
public final class DeviceChoice {

    public static final String AUTO = "auto";

    private static final Pattern GPU = Pattern.compile("gpu(?::(\\d{1,3}))?");

    private DeviceChoice() {}

    public static Device parse(String name) {
        return parse(name, Engine.getInstance().getGpuCount());
    }

    /** {@code gpus}: the GPUs the engine sees (0 with the CPU-only native library this build ships). */
    static Device parse(String name, int gpus) {
        String n = name == null ? AUTO : name.trim();
        if (n.equals(AUTO)) {
            return gpus > 0 ? Device.gpu() : Device.cpu();
        }
        if (n.equals("cpu")) {
            return Device.cpu();
        }
        Matcher m = GPU.matcher(n);
        if (!m.matches()) {
            throw new InvalidParameterException("device", "device must be auto, cpu, gpu or gpu:N, got '" + name + "'");
        }
        int id = m.group(1) == null ? 0 : Integer.parseInt(m.group(1));
        if (id >= gpus) {
            throw new InvalidParameterException(
                    "device",
                    "device " + n + " asked for, but the PyTorch engine sees " + gpus
                            + " GPU(s); the CUDA native library must be installed (README, \"GPUs\")");
        }
        return Device.gpu(id);
    }
}
