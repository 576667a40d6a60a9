package org.knlab.cli;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.knlab.errors.InvalidInputException;

/**
 * The JSON of {@code --neurons FILE[#POINTER]}: a file of neuron sets, or the sets inside a larger
 * result named by a JSON Pointer (RFC 6901) after {@code #} — so the output of one run is the input
 * of the next as it is, e.g. {@code --neurons replication.json#/neurons/sets}. A file whose name ends in
 * {@code .gz} is read through gzip (the published results are kept so).
 */
final class NeuronSetsFile {

    private NeuronSetsFile() {}

    /** The JSON {@code spec} of {@code --neurons} names; null when {@code spec} is null (no --neurons). */
    static JsonNode read(String spec) throws IOException {
        return read(spec, "--neurons");
    }

    /** The JSON {@code spec} names, for the option {@code option} (named in errors); null when not given. */
    static JsonNode read(String spec, String option) throws IOException {
        if (spec == null) {
            return null;
        }
        int hash = spec.indexOf('#');
        Path file = Path.of(hash < 0 ? spec : spec.substring(0, hash));
        JsonNode json;
        try (InputStream in = file.toString().endsWith(".gz")
                ? new GZIPInputStream(Files.newInputStream(file))
                : Files.newInputStream(file)) {
            json = new ObjectMapper().readTree(in);
        }
        if (hash < 0) {
            return json;
        }
        JsonPointer pointer;
        try {
            pointer = JsonPointer.compile(spec.substring(hash + 1));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(
                    option,
                    "'" + spec.substring(hash + 1) + "' is not a JSON Pointer" + " (like /neurons/sets): "
                            + e.getMessage());
        }
        JsonNode found = json.at(pointer);
        if (found.isMissingNode()) {
            throw new InvalidInputException(option, file + " has nothing at " + pointer);
        }
        return found;
    }
}
