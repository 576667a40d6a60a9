package org.knlab.cli;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.knlab.errors.InvalidInputException;

/**
 * The JSON of {@code --neurons FILE[#POINTER]}: a file of neuron sets, or the sets inside a larger
 * result named by a JSON Pointer (RFC 6901) after {@code #} — so the output of one run is the input
 * of the next as it is, e.g. {@code --neurons replication.json#/neurons/sets}.
 */
final class NeuronSetsFile {

    private NeuronSetsFile() {}

    /** The JSON {@code spec} names; null when {@code spec} is null (no --neurons). */
    static JsonNode read(String spec) throws IOException {
        if (spec == null) {
            return null;
        }
        int hash = spec.indexOf('#');
        Path file = Path.of(hash < 0 ? spec : spec.substring(0, hash));
        JsonNode json = new ObjectMapper().readTree(file.toFile());
        if (hash < 0) {
            return json;
        }
        JsonPointer pointer;
        try {
            pointer = JsonPointer.compile(spec.substring(hash + 1));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(
                    "--neurons",
                    "'" + spec.substring(hash + 1) + "' is not a JSON Pointer" + " (like /neurons/sets): "
                            + e.getMessage());
        }
        JsonNode found = json.at(pointer);
        if (found.isMissingNode()) {
            throw new InvalidInputException("--neurons", file + " has nothing at " + pointer);
        }
        return found;
    }
}
