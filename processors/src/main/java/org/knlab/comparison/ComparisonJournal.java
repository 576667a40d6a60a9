package org.knlab.comparison;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.knlab.comparison.MethodComparison.FactResult;
import org.knlab.errors.InvalidParameterException;

/**
 * The facts a comparison has finished, so a killed run resumes where it stopped. In a file: JSON
 * lines, the first the run's identity (settings, seed, model, facts), then one per finished fact
 * ({@code {"fact": …}} or {@code {"skipped": uuid}}), appended and flushed as each fact ends; a
 * rerun with the same file skips the facts it holds and gives the same study, because every random
 * draw of a fact is seeded from the seed and the fact id. A file written by another run (any
 * difference in identity) is refused rather than mixed in. A line cut short by a kill is dropped.
 */
public final class ComparisonJournal implements AutoCloseable {

    // NaN is a legitimate outcome (e.g. a ratio over zero facts) and must survive the round trip.
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private final Map<String, FactResult> results = new LinkedHashMap<>();
    private final Set<String> skipped = new LinkedHashSet<>();
    private final BufferedWriter out;

    private ComparisonJournal(BufferedWriter out) {
        this.out = out;
    }

    /** No file: remembers nothing beyond the run (a step's messages are retried whole). */
    public static ComparisonJournal none() {
        return new ComparisonJournal(null);
    }

    /** Opens or creates the journal of the run named by {@code identity}. */
    public static ComparisonJournal open(Path file, JsonNode identity) {
        try {
            boolean exists = Files.exists(file) && Files.size(file) > 0;
            List<String> lines = exists ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
            ComparisonJournal journal = new ComparisonJournal(Files.newBufferedWriter(
                    file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND));
            if (!exists) {
                journal.append(JSON.createObjectNode().set("run", identity));
                return journal;
            }
            JsonNode first = JSON.readTree(lines.get(0));
            if (!identity.equals(first.get("run"))) {
                journal.close();
                throw new InvalidParameterException(
                        "journal",
                        file + " is the journal of another run (settings,"
                                + " seed, model or facts differ): use a new file");
            }
            for (String line : lines.subList(1, lines.size())) {
                journal.replay(line);
            }
            return journal;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the journal " + file, e);
        }
    }

    private void replay(String line) throws IOException {
        JsonNode entry;
        try {
            entry = JSON.readTree(line);
        } catch (IOException cutShort) {
            return; // the last line of a killed run; its fact runs again
        }
        if (entry.has("fact")) {
            FactResult fact = JSON.treeToValue(entry.get("fact"), FactResult.class);
            results.put(fact.uuid(), fact);
        } else if (entry.has("skipped")) {
            skipped.add(entry.get("skipped").asText());
        }
    }

    public Optional<FactResult> result(String uuid) {
        return Optional.ofNullable(results.get(uuid));
    }

    public boolean isSkipped(String uuid) {
        return skipped.contains(uuid);
    }

    /** Whether every fact of {@code uuids} is finished (compared or skipped). */
    public boolean holdsAll(List<String> uuids) {
        return uuids.stream().allMatch(u -> results.containsKey(u) || skipped.contains(u));
    }

    // Recording only appends: a run asks about each fact once, before it runs it, so the maps hold
    // what an earlier run finished, never what this one adds.
    public void record(FactResult fact) {
        append(JSON.createObjectNode().set("fact", JSON.valueToTree(fact)));
    }

    public void recordSkipped(String uuid) {
        append(JSON.createObjectNode().put("skipped", uuid));
    }

    private void append(ObjectNode entry) {
        if (out == null) {
            return;
        }
        try {
            out.write(JSON.writeValueAsString(entry));
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the journal", e);
        }
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
        }
    }
}
