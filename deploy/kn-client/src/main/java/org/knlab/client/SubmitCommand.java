package org.knlab.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.knlab.schemas.TopicNames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code kn submit FILE.json}: publishes an experiment request, keyed by its experiment id. */
@Command(
        name = "submit",
        mixinStandardHelpOptions = true,
        description = "Publish an experiment request (JSON file) on kn.experiments.requests; prints its experiment id.")
final class SubmitCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Parameters(paramLabel = "FILE", description = "The request, per schemas/json/experiment-request.schema.json.")
    Path file;

    @Override
    public Integer call() throws Exception {
        String body = Files.readString(file);
        JsonNode request = new ObjectMapper().readTree(body);
        String id = request.path("experimentId").asText("");
        if (id.isEmpty()) {
            System.err.println("kn submit: " + file + " has no experimentId");
            return 2;
        }
        try (KafkaProducer<String, String> producer = kafka.producer()) {
            producer.send(new ProducerRecord<>(TopicNames.REQUESTS, id, body)).get();
        }
        System.out.println(id);
        return 0;
    }
}
