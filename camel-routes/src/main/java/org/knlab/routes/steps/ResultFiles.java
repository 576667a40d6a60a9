package org.knlab.routes.steps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knlab.attribution.AttributionResult;
import org.knlab.model.HostTensor;
import org.knlab.model.SafeTensors;
import org.knlab.model.WeightsDigest;
import org.knlab.routes.EventPublisher;
import org.knlab.routes.Json;
import org.knlab.routes.JsonChunks;
import org.knlab.routes.KnConfig;

/**
 * Results too large for Kafka go to files under {@code kn.results-dir}, and events carry the path
 * and SHA-256 (per-fact rows also go to Kafka, {@link #publishRows}): full score tensors (12 × 3072 floats per prompt) as one safetensors file per step
 * ({@code <dir>/<experimentId>/<stepId>.safetensors}, one tensor [prompts, layers, neurons] per
 * fact), and per-prompt details as JSON ({@code <dir>/<experimentId>/<stepId>.json}).
 */
@ApplicationScoped
public class ResultFiles {

    private final Path root;
    private final EventPublisher events;

    ResultFiles(KnConfig config, EventPublisher events) {
        this.events = events;
        this.root = config.resultsDir()
                .map(Path::of)
                .orElse(Path.of(System.getProperty("user.home"), ".cache", "kn-lab", "results"));
    }

    public ObjectNode writeScores(String experimentId, String stepId, Map<String, List<AttributionResult>> byFact) {
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        byFact.forEach((fact, results) -> {
            int layers = results.get(0).scores().length;
            int width = results.get(0).scores()[0].length;
            float[] flat = new float[results.size() * layers * width];
            for (int p = 0; p < results.size(); p++) {
                for (int l = 0; l < layers; l++) {
                    System.arraycopy(results.get(p).scores()[l], 0, flat, (p * layers + l) * width, width);
                }
            }
            tensors.put(fact, HostTensor.of(new long[] {results.size(), layers, width}, flat));
        });
        try {
            Path file = fileOf(experimentId, stepId, ".safetensors");
            SafeTensors.write(
                    file,
                    tensors,
                    Map.of(
                            "experimentId",
                            experimentId,
                            "step",
                            stepId,
                            "layout",
                            "[prompt, layer, neuron] per fact id"));
            return reference("safetensors", file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the score tensors of " + experimentId + "/" + stepId, e);
        }
    }

    public ObjectNode writeJson(String experimentId, String stepId, Object value) {
        try {
            Path file = fileOf(experimentId, stepId, ".json");
            Json.MAPPER.writeValue(file.toFile(), value);
            return reference("json", file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the details of " + experimentId + "/" + stepId, e);
        }
    }

    /**
     * The per-fact rows of a step, also on kn.experiments.rows in chunks of at most
     * {@link JsonChunks#MAX_CHARS} characters of JSON, so that the store needs no access to this disk. They
     * go out with the step's events (the same flush).
     */
    public void publishRows(String experimentId, String stepId, List<?> rows) {
        if (rows.isEmpty()) {
            return;
        }
        List<ArrayNode> chunks = JsonChunks.of(
                rows.stream().map(r -> (JsonNode) Json.MAPPER.valueToTree(r)).toList());
        for (int i = 0; i < chunks.size(); i++) {
            ObjectNode record = Json.MAPPER
                    .createObjectNode()
                    .put("experimentId", experimentId)
                    .put("step", stepId)
                    .put("chunk", i)
                    .put("chunks", chunks.size());
            record.set("rows", chunks.get(i));
            events.rows(experimentId, record);
        }
    }

    private Path fileOf(String experimentId, String stepId, String suffix) throws IOException {
        return Files.createDirectories(root.resolve(experimentId)).resolve(stepId + suffix);
    }

    private static ObjectNode reference(String format, Path file) throws IOException {
        return Json.MAPPER
                .createObjectNode()
                .put("format", format)
                .put("path", file.toString())
                .put("sha256", WeightsDigest.of(List.of(file)));
    }
}
