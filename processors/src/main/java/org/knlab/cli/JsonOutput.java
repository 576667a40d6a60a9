package org.knlab.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --json FILE}: the commands' whole result, besides the Markdown they print. */
final class JsonOutput {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the whole result as JSON.")
    Path file;

    /** Writes {@code result} when {@code --json} was given. */
    void write(Object result) throws IOException {
        if (file != null) {
            JSON.writeValue(file.toFile(), result);
        }
    }
}
