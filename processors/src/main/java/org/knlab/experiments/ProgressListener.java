package org.knlab.experiments;

/** Told how far a step has got, in the step's own unit (facts, prompts). */
@FunctionalInterface
public interface ProgressListener {
    void progress(int done, int total);

    ProgressListener NONE = (done, total) -> {};
}
