package org.knlab.model;

/** Named host tensors of a checkpoint, each checked against the shape the architecture needs. */
public interface TensorSource {

    /**
     * @throws org.knlab.errors.CheckpointException naming the tensor when it is missing or has another shape
     */
    HostTensor tensor(String name, long... expectedShape);

    boolean has(String name);
}
