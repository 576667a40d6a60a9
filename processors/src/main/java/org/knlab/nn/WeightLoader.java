package org.knlab.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.knlab.model.HostTensor;
import org.knlab.model.TensorSource;

/** Copies a checkpoint's host tensors into a model's manager (on its device), checking each shape. */
final class WeightLoader {

    private final TensorSource source;
    private final NDManager manager;

    WeightLoader(TensorSource source, NDManager manager) {
        this.source = source;
        this.manager = manager;
    }

    NDArray load(String name, long... shape) {
        return owned(name, source.tensor(name, shape), shape);
    }

    /**
     * A 2-D weight stored input-major ([in, out], GPT-2's {@code Conv1D}) as PyTorch's [out, in], so
     * every architecture's linear layers (and value slots) have one orientation.
     */
    NDArray loadTransposed(String name, long out, long in) {
        return owned(name, source.tensor(name, in, out).transpose2d(), out, in);
    }

    private NDArray owned(String name, HostTensor t, long... shape) {
        try (NDManager staging = NDManager.newBaseManager(Device.cpu())) {
            // The staging array may alias the (read-only, mapped) file; the copy owns its memory.
            NDArray view = staging.create(t.bytes(), new Shape(shape), DataType.FLOAT32);
            Device device = manager.getDevice();
            NDArray owned = device.isGpu() ? view.toDevice(device, true) : view.duplicate();
            owned.attach(manager);
            owned.setName(name);
            return owned;
        }
    }
}
