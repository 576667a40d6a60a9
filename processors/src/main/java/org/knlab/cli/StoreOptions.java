package org.knlab.cli;

import java.nio.file.Path;
import org.knlab.model.ModelStore;
import picocli.CommandLine.Option;

/** The model store option, shared by every command that resolves model ids. */
final class StoreOptions {

    @Option(
            names = "--model-store",
            paramLabel = "DIR",
            description = "Model store directory (default: $KN_MODEL_STORE or ~/.cache/kn-lab/models).")
    Path modelStore;

    ModelStore store() {
        return modelStore != null ? new ModelStore(modelStore) : ModelStore.fromEnvironment();
    }
}
