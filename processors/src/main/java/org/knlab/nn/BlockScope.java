package org.knlab.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.function.UnaryOperator;

/**
 * One block of a pass with its temporaries freed as it returns, instead of living as long as the pass's
 * manager: a pass from block 0 otherwise holds every block's queries, keys, values, scores and FFN
 * activations at once (11 GB for 1024 rows of 14 tokens of BERT-base; one block's worth with this).
 * Not for a block with a hook that may keep an array it sees (a cache, a capture, an array whose
 * gradient is read: {@link ActivationHook#keepsActivations}), which must live as long as the pass.
 * Under a gradient collector the engine's graph keeps what its backward pass needs; only the handles
 * are released here.
 */
final class BlockScope {

    private BlockScope() {}

    /**
     * {@code block} of a model of {@code shape} applied to x [rows, tokens, hidden] when its arrays fit
     * ({@link PassMemory}); its output in x's manager, every other array it made freed.
     */
    static NDArray run(NDArray x, ModelShape shape, Hooks hooks, int layer, UnaryOperator<NDArray> block) {
        PassMemory.requireBlock(shape, x);
        if (hooks.keptInBlock(layer)) {
            return block.apply(x);
        }
        NDManager owner = x.getManager();
        try (NDManager temporaries = owner.newSubManager()) {
            x.tempAttach(temporaries);
            NDArray out = block.apply(x);
            out.attach(owner);
            return out;
        }
    }
}
