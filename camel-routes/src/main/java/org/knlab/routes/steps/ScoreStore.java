package org.knlab.routes.steps;

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
import org.knlab.routes.Json;
import org.knlab.routes.KnConfig;

/**
 * Full score tensors are too large for Kafka (12 × 3072 floats per prompt): they go to files,
 * one safetensors file per step ({@code <dir>/<experimentId>/<stepId>.safetensors}, one tensor
 * [prompts, layers, neurons] per fact), and events carry the path and SHA-256.
 */
@ApplicationScoped
public class ScoreStore {

    private final Path root;

    ScoreStore(KnConfig config) {
        this.root = config.resultsDir().map(Path::of).orElse(Path.of(System.getProperty("user.home"), ".cache", "kn-lab", "results"));
    }

    public ObjectNode write(String experimentId, String stepId, Map<String, List<AttributionResult>> byFact) {
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
            Path dir = Files.createDirectories(root.resolve(experimentId));
            Path file = dir.resolve(stepId + ".safetensors");
            SafeTensors.write(file, tensors, Map.of("experimentId", experimentId, "step", stepId,
                    "layout", "[prompt, layer, neuron] per fact id"));
            return Json.MAPPER.createObjectNode().put("format", "safetensors").put("path", file.toString())
                    .put("sha256", WeightsDigest.of(List.of(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the score tensors of " + experimentId + "/" + stepId, e);
        }
    }
}
