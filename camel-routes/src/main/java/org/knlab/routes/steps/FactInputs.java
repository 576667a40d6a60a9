package org.knlab.routes.steps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knlab.data.Fact;
import org.knlab.data.FactSelection;
import org.knlab.data.FactSelector;
import org.knlab.data.ParaRel;
import org.knlab.data.SelectedFacts;
import org.knlab.errors.InvalidInputException;
import org.knlab.errors.InvalidWorkflowException;
import org.knlab.errors.LimitExceededException;
import org.knlab.routes.Json;
import org.knlab.schemas.ExperimentRequest;
import org.knlab.schemas.StepMessage;
import org.knlab.text.PromptTokenizer;

/**
 * The ParaRel facts a step runs on: the facts of an earlier step's output (all, or those the model
 * got right or wrong), or the request's selection resolved for the model's vocabulary. Enforces
 * the prompt limit and records the selection for reproducibility.
 */
public final class FactInputs {

    private final StepMessage message;
    private final PromptTokenizer tokenizer;
    private final int maxPrompts;
    private final ObjectNode record = Json.MAPPER.createObjectNode();

    public FactInputs(StepMessage message, PromptTokenizer tokenizer, int maxPrompts) {
        this.message = message;
        this.tokenizer = tokenizer;
        this.maxPrompts = maxPrompts;
    }

    public List<Fact> resolve() {
        ParaRel pararel = ParaRel.load(tokenizer.style());
        ExperimentRequest.Step step = message.step();
        return recorded(step.input() != null ? fromEarlierStep(step.input(), pararel) : fromRequest(pararel));
    }

    /** A selection the step makes itself (when the request gives none), resolved and recorded like the request's. */
    public List<Fact> resolve(FactSelection selection) {
        try {
            return recorded(select("step.params", selection, selection, ParaRel.load(tokenizer.style())));
        } catch (InvalidInputException e) {
            throw e.at("relations"); // the step's own selection comes from its params
        }
    }

    private List<Fact> recorded(SelectedFacts selected) {
        record.put("dataset", ParaRel.DATASET);
        record.put("facts", selected.facts().size());
        record.put("prompts", selected.promptCount());
        record.put("droppedNotSingleToken", selected.droppedNotSingleToken());
        if (!selected.droppedPerRelation().isEmpty()) {
            ObjectNode perRelation = record.putObject("droppedNotSingleTokenPerRelation");
            selected.droppedPerRelation().forEach(perRelation::put);
        }
        recordSkippedTemplates(selected.facts());
        record.put("factIdsSha256", selected.digest());
        checkLimit(selected.promptCount());
        return selected.facts();
    }

    /** For next-token prompts, each selected relation's templates whose [Y] does not end the sentence. */
    private void recordSkippedTemplates(List<Fact> facts) {
        ParaRel pararel = ParaRel.load(tokenizer.style());
        if (pararel.skippedTemplates().isEmpty()) {
            return;
        }
        ObjectNode skipped = record.putObject("skippedTemplates");
        facts.stream()
                .map(Fact::relation)
                .distinct()
                .sorted()
                .forEach(r -> skipped.put(r, pararel.skippedTemplates().getOrDefault(r, 0)));
    }

    /** The facts of inline neuron sets (the request selects none), resolved and recorded like a selection. */
    public List<Fact> ofNeuronSets(List<String> uuids) {
        return recorded(select(
                "params.neurons",
                Map.of("uuids", uuids.size()),
                new FactSelection(
                        List.of(), uuids, null, false, message.request().seedOrDefault()),
                ParaRel.load(tokenizer.style())));
    }

    /** Explicit prompts of the request, recorded and held to the same limit. */
    public List<ExperimentRequest.Prompt> explicitPrompts(List<ExperimentRequest.Prompt> prompts) {
        record.put("source", "request.prompts");
        record.put("facts", 0);
        record.put("prompts", prompts.size());
        checkLimit(prompts.size());
        return prompts;
    }

    private void checkLimit(int prompts) {
        if (prompts > maxPrompts) {
            throw new LimitExceededException(
                    "$.facts",
                    "the selection has " + prompts + " prompts; the limit (kn.limits.max-prompts) is " + maxPrompts);
        }
    }

    private SelectedFacts fromRequest(ParaRel pararel) {
        ExperimentRequest.FactSelection s = message.request().facts();
        if (s == null || (s.relations() == null && s.uuids() == null && s.prompts() != null)) {
            throw new InvalidInputException(
                    "$.facts",
                    "step type '" + message.step().type() + "' needs ParaRel facts: give facts.relations, facts.uuids"
                            + " or facts.sample, or an input from an earlier step");
        }
        return select(
                "request",
                s,
                new FactSelection(
                        s.relations(),
                        s.uuids(),
                        s.sample() == null ? null : s.sample().size(),
                        s.sample() != null && s.sample().perRelation(),
                        message.request().seedOrDefault()),
                pararel);
    }

    /** Resolves a selection, recording where it came from and what was asked. */
    private SelectedFacts select(String source, Object asked, FactSelection selection, ParaRel pararel) {
        record.put("source", source);
        record.set("asked", Json.MAPPER.valueToTree(asked));
        record.put("seed", selection.seed());
        return new FactSelector(pararel, tokenizer).select(selection);
    }

    private SelectedFacts fromEarlierStep(ExperimentRequest.Input input, ParaRel pararel) {
        JsonNode output = message.outputs().path(input.fromStep());
        JsonNode earlier = output.has("neuronSets") ? output.path("neuronSets").path("sets") : output.path("facts");
        if (!earlier.isArray()) {
            throw new InvalidWorkflowException(
                    "$.steps[" + message.stepIndex() + "].input",
                    "step '" + input.fromStep() + "' produced no facts to take");
        }
        String select = input.select() == null ? "all" : input.select();
        double minAccuracy = input.minAccuracy() == null ? 0.5 : input.minAccuracy();
        List<Fact> facts = new ArrayList<>();
        int prompts = 0;
        for (JsonNode f : earlier) {
            boolean correct = f.path("accuracy").asDouble() >= minAccuracy;
            if (select.equals("all") || (select.equals("correct") == correct)) {
                Fact fact = pararel.fact(f.path("uuid").asText()).orElseThrow();
                facts.add(fact);
                prompts += pararel.prompts(fact).size();
            }
        }
        record.put("source", "step:" + input.fromStep());
        record.put("select", select);
        record.put("minAccuracy", minAccuracy);
        return new SelectedFacts(facts, prompts, Map.of());
    }

    /** How the facts were chosen and what they resolved to (after {@link #resolve()}). */
    public ObjectNode record() {
        return record;
    }
}
