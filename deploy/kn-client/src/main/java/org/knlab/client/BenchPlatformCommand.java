package org.knlab.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.knlab.schemas.TopicNames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kn bench-platform}: submits small fill-mask requests one after another to a running
 * platform and prints end-to-end latency, the compute time inside the step, and their difference
 * (the platform's overhead), as percentiles measured in this one run.
 */
@Command(
        name = "bench-platform",
        mixinStandardHelpOptions = true,
        description = "Measure the platform's overhead with small fill-mask requests (needs a running platform).")
final class BenchPlatformCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--requests", defaultValue = "200", description = "How many requests (default 200).")
    int requests;

    @Option(
            names = "--warmup",
            defaultValue = "50",
            description = "Requests run first and not counted, to warm the worker's JIT (default 50).")
    int warmup;

    @Override
    public Integer call() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        double[] endToEnd = new double[requests];
        double[] compute = new double[requests];
        try (KafkaProducer<String, String> producer = kafka.producer();
                KafkaConsumer<String, String> consumer = kafka.consumer(false)) {
            consumer.subscribe(List.of(TopicNames.PROGRESS, TopicNames.RESULTS));
            while (consumer.assignment().isEmpty()) {
                consumer.poll(Duration.ofMillis(100));
            }
            for (int i = -warmup; i < requests; i++) {
                String id = "bench-" + run + "-" + (i + warmup);
                long start = System.nanoTime();
                producer.send(new ProducerRecord<>(TopicNames.REQUESTS, id, request(id)));
                double[] times = waitFor(consumer, id, start);
                if (i >= 0) {
                    endToEnd[i] = times[0];
                    compute[i] = times[1];
                }
            }
        }
        double[] overhead = new double[requests];
        for (int i = 0; i < requests; i++) {
            overhead[i] = endToEnd[i] - compute[i];
        }
        System.out.printf("fill-mask requests: %d (after %d warm-up), one at a time%n", requests, warmup);
        print("end-to-end", endToEnd);
        print("compute (step)", compute);
        print("overhead", overhead);
        return 0;
    }

    private static String request(String id) {
        return "{\"experimentId\": \"" + id
                + "\", \"facts\": {\"prompts\": [{\"text\": \"Baku is the capital of [MASK].\","
                + " \"gold\": \"Azerbaijan\"}]}, \"steps\": [{\"id\": \"predict\", \"type\": \"fill-mask\"}]}";
    }

    /** Milliseconds until the final result, and the step's own compute time from step.completed. */
    private static double[] waitFor(KafkaConsumer<String, String> consumer, String id, long start) throws Exception {
        double computeMs = -1;
        double totalMs = -1;
        while (computeMs < 0 || totalMs < 0) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(20))) {
                if (!id.equals(r.key())) {
                    continue;
                }
                JsonNode e = JSON.readTree(r.value());
                String type = e.path("type").asText().replace("org.knlab.experiment.", "");
                switch (type) {
                    case "step.completed" ->
                        computeMs = e.path("data").path("durationMs").asDouble();
                    case "result" -> totalMs = (System.nanoTime() - start) / 1e6;
                    case "failed" -> throw new IllegalStateException("request " + id + " failed: " + e.path("data"));
                    default -> {}
                }
            }
        }
        return new double[] {totalMs, computeMs};
    }

    private static void print(String what, double[] ms) {
        Percentile p = new Percentile();
        System.out.printf("%-15s p50 %7.1f ms   p99 %7.1f ms%n", what, p.evaluate(ms, 50), p.evaluate(ms, 99));
    }
}
