package org.knlab.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.knlab.text.PromptStyle;

/**
 * The ParaRel facts and prompts as the Knowledge Neurons authors built them: the 34 relations
 * with more than 3 templates, every T-REx fact of each, one prompt per template. The data ship
 * inside this library (see {@code org/knlab/data/pararel/PROVENANCE.md}).
 */
public final class ParaRel {

    /** The authors skip relations with 3 or fewer templates (P1001, P276, P361, P131, P17). */
    public static final int MIN_TEMPLATES = 4;

    public static final String DATASET = "ParaRel@cb5554678457beb5ac163d888f1ce8cf174b3f0b (trex_lms_vocab)";
    private static final String ROOT = "org/knlab/data/pararel/";
    private static final List<String> RELATION_IDS = List.of(
            "P1001", "P101", "P103", "P106", "P108", "P127", "P1303", "P131", "P136", "P1376", "P138", "P140", "P1412",
            "P159", "P17", "P176", "P178", "P19", "P190", "P20", "P264", "P27", "P276", "P279", "P30", "P36", "P361",
            "P364", "P37", "P39", "P407", "P413", "P449", "P463", "P47", "P495", "P527", "P530", "P740", "P937");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ParaRel instance;
    private static ParaRel nextTokenInstance;

    private final PromptStyle style;
    private final Map<String, Relation> relations;
    private final Map<String, Fact> factsByUuid;
    private final Map<String, List<Fact>> factsByRelation;
    private final Map<String, Integer> skippedTemplates;

    private ParaRel(
            PromptStyle style,
            Map<String, Relation> relations,
            Map<String, List<Fact>> factsByRelation,
            Map<String, Integer> skippedTemplates) {
        this.style = style;
        this.relations = relations;
        this.factsByRelation = factsByRelation;
        this.skippedTemplates = skippedTemplates;
        this.factsByUuid = new LinkedHashMap<>();
        factsByRelation.values().forEach(fs -> fs.forEach(f -> factsByUuid.putIfAbsent(f.uuid(), f)));
    }

    /** The shipped dataset, read once. */
    public static synchronized ParaRel load() {
        if (instance == null) {
            Map<String, Relation> relations = new LinkedHashMap<>();
            Map<String, List<Fact>> facts = new LinkedHashMap<>();
            for (String id : RELATION_IDS) {
                List<JsonNode> patterns = readJsonLines(ROOT + "patterns/" + id + ".jsonl");
                List<JsonNode> tuples = readJsonLines(ROOT + "trex/" + id + ".jsonl");
                if (patterns.size() < MIN_TEMPLATES || tuples.isEmpty()) {
                    continue;
                }
                relations.put(
                        id,
                        new Relation(
                                id,
                                patterns.stream()
                                        .map(p -> p.path("pattern").asText())
                                        .toList()));
                facts.put(
                        id,
                        tuples.stream()
                                .map(t -> new Fact(
                                        t.path("uuid").asText(),
                                        id,
                                        t.path("sub_label").asText(),
                                        t.path("obj_label").asText()))
                                .toList());
            }
            instance = new ParaRel(
                    PromptStyle.CLOZE,
                    Collections.unmodifiableMap(relations),
                    Collections.unmodifiableMap(facts),
                    Map.of());
        }
        return instance;
    }

    /**
     * The dataset as prompts of the given style. Next-token prompts keep the templates whose [Y] ends
     * the sentence ({@link Relation#nextTokenTemplate}); the others are skipped and counted per
     * relation ({@link #skippedTemplates}); a relation left with no template is dropped.
     */
    public static synchronized ParaRel load(PromptStyle style) {
        ParaRel cloze = load();
        if (style == PromptStyle.CLOZE) {
            return cloze;
        }
        if (nextTokenInstance == null) {
            Map<String, Relation> relations = new LinkedHashMap<>();
            Map<String, List<Fact>> facts = new LinkedHashMap<>();
            Map<String, Integer> skipped = new LinkedHashMap<>();
            cloze.relations.forEach((id, r) -> {
                Relation next = r.nextToken();
                skipped.put(id, r.templates().size() - next.templates().size());
                if (!next.templates().isEmpty()) {
                    relations.put(id, next);
                    facts.put(id, cloze.facts(id));
                }
            });
            nextTokenInstance = new ParaRel(
                    PromptStyle.NEXT_TOKEN,
                    Collections.unmodifiableMap(relations),
                    Collections.unmodifiableMap(facts),
                    Collections.unmodifiableMap(skipped));
        }
        return nextTokenInstance;
    }

    public PromptStyle style() {
        return style;
    }

    /** Per relation, the templates this style cannot use (none for cloze prompts). */
    public Map<String, Integer> skippedTemplates() {
        return skippedTemplates;
    }

    private static List<JsonNode> readJsonLines(String resource) {
        InputStream in = ParaRel.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            return List.of();
        }
        List<JsonNode> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.isBlank()) {
                    out.add(JSON.readTree(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
        return out;
    }

    public Map<String, Relation> relations() {
        return relations;
    }

    public Optional<Relation> relation(String id) {
        return Optional.ofNullable(relations.get(id));
    }

    public List<Fact> facts(String relation) {
        return factsByRelation.getOrDefault(relation, List.of());
    }

    public List<Fact> facts() {
        return factsByRelation.values().stream().flatMap(List::stream).toList();
    }

    public Optional<Fact> fact(String uuid) {
        return Optional.ofNullable(factsByUuid.get(uuid));
    }

    public List<String> prompts(Fact fact) {
        return relations.get(fact.relation()).prompts(fact);
    }
}
