package org.knlab.editing;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.knlab.attribution.Neuron;
import org.knlab.data.Fact;
import org.knlab.data.ParaRel;
import org.knlab.data.Seeds;
import org.knlab.fillmask.ClozeBatch;
import org.knlab.intervention.ControlSets;
import org.knlab.intervention.EvaluationSets;
import org.knlab.intervention.GradientScores;
import org.knlab.intervention.HubControls;
import org.knlab.intervention.InterventionRunner;
import org.knlab.intervention.MaskActivations;
import org.knlab.intervention.PerplexitySentences;
import org.knlab.nn.HookPoint;
import org.knlab.nn.Hooks;
import org.knlab.nn.LanguageModel;
import org.knlab.nn.NeuronIntervention;

/**
 * Makes each planned edit of the knowledge neurons, one at a time (undone bit for bit), and the same
 * rule on control sets rescaled to the same ‖ΔW‖_F: (a) matched random sets, (b) the most-activated
 * other neurons at the edited prompt's [MASK], (d) the gradient-matched set (top |∂p(t)/∂a|); and
 * (c) no neuron at all: the edit's FFN-output change at [MASK] (ΔW·a) added to the residual stream
 * ({@code hook_resid_post}, before the block's LayerNorm) at each layer in turn. The knowledge-neuron
 * edit is measured on every {@link EditGroup}; the controls on all but fluency; the residual control
 * on the fact's own prompts.
 */
public final class EditExperiment {

    /** The inverse relation for the symmetry test: "the capital of X is Y" ↔ "Y is the capital of X". */
    static final Map<String, String> INVERSE = Map.of("P36", "P1376", "P1376", "P36");

    /** Groups the residual-stream control is measured on (copied layer by layer: keep it small). */
    private static final Set<EditGroup> OWN = Set.of(EditGroup.EDITED, EditGroup.PARAPHRASE, EditGroup.HELD_OUT);

    /**
     * One edit: t and t′ as words, ‖ΔW‖_F, the facts each group drew, and the metrics of the
     * knowledge-neuron edit, of each control, of the residual-stream control by layer, of the
     * optimised edits ({@link #OPTIMISED}: empty without controls or with optimisedSteps 0), of the rule at
     * each hub-matched set (empty: none asked for or no exact match) and at the set without its hubs
     * (null: not asked for), both at the edit's norm.
     */
    public record EditRecord(
            Edit edit,
            String oldAnswer,
            String newAnswer,
            double frobenius,
            Map<String, List<String>> evaluatedFacts,
            Map<String, Double> knowledgeNeurons,
            List<Map<String, Double>> random,
            Map<String, Double> activated,
            Map<String, Double> gradient,
            List<Map<String, Double>> residualByLayer,
            Map<String, Map<String, Double>> optimised,
            List<Map<String, Double>> hubMatched,
            Map<String, Double> hubFree) {}

    /**
     * Where the optimised edits are solved, each at the knowledge-neuron edit's ‖ΔW‖_F: the knowledge
     * neurons, one matched random set of the same layers, and as many random neurons of one random layer.
     */
    public static final List<String> OPTIMISED = List.of("knowledge-neurons", "random-same-layers", "random-layer");

    /** Prompts with their gold and group, and the facts drawn. */
    private record Prompts(
            List<String> texts, List<Integer> gold, List<EditGroup> groups, Map<String, List<String>> facts) {

        void add(EditGroup group, EvaluationSets.Prompts p) {
            texts.addAll(p.prompts());
            p.prompts().forEach(x -> groups.add(group));
            for (int g : p.gold()) {
                gold.add(g);
            }
            facts.computeIfAbsent(group.id(), k -> new ArrayList<>()).addAll(p.sourceFacts());
        }

        int[] goldArray() {
            return gold.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    private final LanguageModel model;
    private final ParaRel pararel;
    private final EditFactSettings settings;
    private final long seed;
    private final EvaluationSets sets;
    private final InterventionRunner runner;
    private final PerplexitySentences sentences;
    /** Null when the settings ask for no hub-aware sets. */
    private final HubControls hubs;

    /** @param hubs the hub-aware sets' source; null for none */
    public EditExperiment(
            LanguageModel model,
            ParaRel pararel,
            EvaluationSets sets,
            EditFactSettings settings,
            long seed,
            Set<String> involvedFacts,
            HubControls hubs) {
        this.model = model;
        this.hubs = hubs;
        this.pararel = pararel;
        this.sets = sets;
        this.settings = settings;
        this.seed = seed;
        this.runner = new InterventionRunner(model, InterventionRunner.DEFAULT_MAX_ROWS);
        this.sentences = settings.perplexitySentences() == 0
                ? null
                : PerplexitySentences.draw(
                        pararel, model.tokenizer(), settings.perplexitySentences(), involvedFacts, seed);
    }

    /**
     * One edit, with its controls when {@code controls}: random, most-activated and gradient-matched
     * sets, and the hub-aware sets {@code factHubs} ({@link #hubsOf}; null without hub controls).
     */
    public EditRecord run(Edit e, boolean controls, HubControls.FactHubs factHubs) {
        ValueEdit edit = ValueEdit.of(
                model,
                e.neurons(),
                settings.editRule(),
                e.oldToken(),
                e.newToken(),
                settings.lambda1(),
                settings.lambda2());
        Prompts prompts = prompts(e);
        ClozeBatch batch = ClozeBatch.of(model.tokenizer(), prompts.texts());
        int from = runner.lowestLayer(e.neurons());
        List<ValueEdit> variants = new ArrayList<>(List.of(edit));
        // the variants, in order: the edit, random sets, most-activated, gradient-matched, hub-matched sets,
        // the hub-free set (when there are controls)
        List<List<Neuron>> controlSets =
                controls ? controlSets(e, prompts.texts().get(0)) : List.of();
        List<List<Neuron>> hubSets = new ArrayList<>();
        if (factHubs != null) {
            hubSets.addAll(factHubs.matched());
            if (factHubs.hubFree() != null) {
                hubSets.add(factHubs.hubFree());
            }
        }
        for (List<Neuron> set : concat(controlSets, hubSets)) {
            variants.add(
                    set.isEmpty()
                            ? edit.scaledTo(0) // a set of hubs only: nothing is left to edit
                            : ValueEdit.of(
                                            model,
                                            set,
                                            settings.editRule(),
                                            e.oldToken(),
                                            e.newToken(),
                                            settings.lambda1(),
                                            settings.lambda2())
                                    .scaledTo(edit.frobenius()));
        }
        int[] gold = prompts.goldArray();
        List<List<EditedPrompt>> outcomes = runner.runWeightChanges(
                batch,
                from,
                variants.stream()
                        .<InterventionRunner.WeightChange>map(v -> v::apply)
                        .toList(),
                (before, after) -> EditedPrompt.compare(before, after, gold, e.oldToken(), e.newToken()));
        Map<EditGroup, List<EditedPrompt>> own = byGroup(prompts.groups(), outcomes.get(0));
        if (sentences != null) {
            own.put(
                    EditGroup.FLUENCY,
                    runner.runWeightChanges(
                                    sentences.rows(),
                                    from,
                                    List.of(edit::apply),
                                    (before, after) -> EditedPrompt.compare(
                                            before, after, sentences.gold(), e.oldToken(), e.newToken()))
                            .get(0));
        }
        List<Map<String, Double>> metrics = outcomes.stream()
                .map(o -> EditMetrics.of(byGroup(prompts.groups(), o)))
                .toList();
        int n = 1 + controlSets.size();
        int matched = factHubs == null ? 0 : factHubs.matched().size();
        return new EditRecord(
                e,
                model.tokenizer().answerWord(e.oldToken()),
                model.tokenizer().answerWord(e.newToken()),
                edit.frobenius(),
                prompts.facts(),
                EditMetrics.of(own),
                controls ? metrics.subList(1, n - 2) : List.of(),
                controls ? metrics.get(n - 2) : null,
                controls ? metrics.get(n - 1) : null,
                controls ? residual(e, edit, prompts) : List.of(),
                controls && settings.optimisedSteps() > 0 ? optimised(e, edit, prompts, batch) : Map.of(),
                metrics.subList(n, n + matched),
                factHubs == null || factHubs.hubFree() == null ? null : metrics.get(n + matched));
    }

    /** The edit's hub-aware sets (drawn from a seed of its fact); null when none are asked for. */
    public HubControls.FactHubs hubsOf(Edit e) {
        return hubs == null
                ? null
                : hubs.of(e.neurons(), Seeds.of(seed, e.fact().uuid() + "/hubs"));
    }

    private static List<List<Neuron>> concat(List<List<Neuron>> a, List<List<Neuron>> b) {
        List<List<Neuron>> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** The optimised edits' metrics, by {@link #OPTIMISED} place. */
    private Map<String, Map<String, Double>> optimised(Edit e, ValueEdit edit, Prompts prompts, ClozeBatch batch) {
        Random rnd = new Random(Seeds.of(seed, e.fact().uuid() + "/optimised"));
        int width = model.config().intermediateSize();
        List<Neuron> sameLayers =
                ControlSets.matchedRandom(e.neurons(), width, 1, rnd.nextLong()).get(0);
        int layer = rnd.nextInt(model.config().numLayers());
        List<Neuron> oneLayer = new ArrayList<>();
        for (int index : rnd.ints(0, width).distinct().limit(e.neurons().size()).toArray()) {
            oneLayer.add(new Neuron(layer, index));
        }
        String editedPrompt = prompts.texts().get(0);
        List<ValueEdit> solved = new ArrayList<>();
        for (List<Neuron> place : List.of(e.neurons(), sameLayers, oneLayer)) {
            ValueEdit start = ValueEdit.of(
                    model,
                    place,
                    settings.editRule(),
                    e.oldToken(),
                    e.newToken(),
                    settings.lambda1(),
                    settings.lambda2());
            solved.add(OptimisedEdit.solve(
                    model,
                    start,
                    editedPrompt,
                    e.oldToken(),
                    e.newToken(),
                    edit.frobenius(),
                    settings.optimisedSteps()));
        }
        int from = Math.min(runner.lowestLayer(e.neurons()), Math.min(runner.lowestLayer(sameLayers), layer));
        int[] gold = prompts.goldArray();
        List<List<EditedPrompt>> outcomes = runner.runWeightChanges(
                batch,
                from,
                solved.stream()
                        .<InterventionRunner.WeightChange>map(v -> v::apply)
                        .toList(),
                (before, after) -> EditedPrompt.compare(before, after, gold, e.oldToken(), e.newToken()));
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        for (int i = 0; i < OPTIMISED.size(); i++) {
            out.put(OPTIMISED.get(i), EditMetrics.of(byGroup(prompts.groups(), outcomes.get(i))));
        }
        return out;
    }

    /** (a) the matched random sets, then (b) the most-activated set and (d) the gradient-matched set. */
    private List<List<Neuron>> controlSets(Edit e, String editedPrompt) {
        List<List<Neuron>> out = new ArrayList<>(ControlSets.matchedRandom(
                e.neurons(),
                model.config().intermediateSize(),
                settings.controls(),
                Seeds.of(seed, e.fact().uuid())));
        out.add(ControlSets.topScoring(
                e.neurons(), MaskActivations.of(model, List.of(editedPrompt)).values()[0]));
        out.add(ControlSets.topScoring(
                e.neurons(),
                GradientScores.meanAbsolute(model, List.of(editedPrompt), new int[] {e.oldToken()}, seed)));
        return out;
    }

    /**
     * (c) ΔW·a at each own prompt's [MASK] (a = its clean activations) added to the residual stream at
     * {@code hook_resid_post} of layer l in copy l of the prompts: one pass for all layers.
     */
    private List<Map<String, Double>> residual(Edit e, ValueEdit edit, Prompts prompts) {
        List<Integer> own = new ArrayList<>();
        for (int i = 0; i < prompts.groups().size(); i++) {
            if (OWN.contains(prompts.groups().get(i))) {
                own.add(i);
            }
        }
        List<String> texts = own.stream().map(prompts.texts()::get).toList();
        ClozeBatch batch = ClozeBatch.of(model.tokenizer(), texts);
        float[][][] activations = MaskActivations.of(model, texts).values();
        List<float[]> vectors = new ArrayList<>();
        for (float[][] a : activations) {
            vectors.add(edit.outputChange(a));
        }
        int layers = model.config().numLayers();
        int[] gold = new int[layers * texts.size()];
        for (int r = 0; r < gold.length; r++) {
            gold[r] = prompts.gold().get(own.get(r % texts.size()));
        }
        List<EditedPrompt> rows = runner.runHooked(
                batch,
                0,
                layers,
                residualHooks(batch, vectors, layers),
                (before, after) -> EditedPrompt.compare(before, after, gold, e.oldToken(), e.newToken()));
        List<EditGroup> groups = own.stream().map(prompts.groups()::get).toList();
        List<Map<String, Double>> out = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            out.add(EditMetrics.of(byGroup(groups, rows.subList(l * texts.size(), (l + 1) * texts.size()))));
        }
        return out;
    }

    /** Row l·n + p gets {@code vectors[p]} added at its [MASK] at {@code blocks.l.hook_resid_post}. */
    public static Hooks residualHooks(ClozeBatch batch, List<float[]> vectors, int layers) {
        Hooks hooks = Hooks.none();
        int n = batch.size();
        for (int l = 0; l < layers; l++) {
            NeuronIntervention add = new NeuronIntervention();
            for (int p = 0; p < n; p++) {
                float[] v = vectors.get(p);
                for (int j = 0; j < v.length; j++) {
                    add.add(l * n + p, batch.maskPositions()[p], j, v[j]);
                }
            }
            hooks.add(HookPoint.residPost(l), add);
        }
        return hooks;
    }

    private static Map<EditGroup, List<EditedPrompt>> byGroup(List<EditGroup> groups, List<EditedPrompt> rows) {
        Map<EditGroup, List<EditedPrompt>> out = new EnumMap<>(EditGroup.class);
        for (int i = 0; i < rows.size(); i++) {
            out.computeIfAbsent(groups.get(i), g -> new ArrayList<>()).add(rows.get(i));
        }
        return out;
    }

    /** The edited prompt first, then the fact's other prompts, then the specificity and symmetry prompts. */
    private Prompts prompts(Edit e) {
        Fact self = pararel.fact(e.fact().uuid()).orElseThrow();
        Prompts out = new Prompts(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new LinkedHashMap<>());
        out.add(EditGroup.EDITED, sets.ofFact(self, List.of(e.promptIndex())));
        List<Integer> heldOut = e.fact().hasHeldOutSplit() ? e.fact().heldOutPrompts() : List.of();
        List<Integer> paraphrases = new ArrayList<>();
        for (int i = 0; i < pararel.prompts(self).size(); i++) {
            if (i != e.promptIndex() && !heldOut.contains(i)) {
                paraphrases.add(i);
            }
        }
        addIfAny(out, EditGroup.PARAPHRASE, self, paraphrases);
        addIfAny(
                out,
                EditGroup.HELD_OUT,
                self,
                heldOut.stream().filter(i -> i != e.promptIndex()).toList());
        String oldWord = model.tokenizer().answerWord(e.oldToken());
        String newWord = model.tokenizer().answerWord(e.newToken());
        Random rnd = new Random(Seeds.of(seed, self.uuid(), 0x2545F4914F6CDD1DL));
        List<Fact> sameRelation = sets.factsOf(self.relation()).stream()
                .filter(f -> !f.uuid().equals(self.uuid())
                        && !f.object().equals(oldWord)
                        && !f.object().equals(newWord))
                .toList();
        List<String> otherRelations = sets.relations().stream()
                .filter(r -> !r.equals(self.relation()))
                .toList();
        for (int i = 0; i < settings.neighbours(); i++) {
            if (!sameRelation.isEmpty()) {
                out.add(EditGroup.SAME_RELATION, sets.ofFact(pick(sameRelation, rnd), null));
            }
            out.add(EditGroup.OTHER_RELATION, sets.ofFact(pick(sets.factsOf(pick(otherRelations, rnd)), rnd), null));
        }
        for (String answer : List.of(oldWord, newWord)) {
            List<Fact> same = sets.factsWithObject(answer).stream()
                    .filter(f -> !f.uuid().equals(self.uuid()))
                    .toList();
            if (!same.isEmpty()) {
                out.add(EditGroup.SAME_ANSWER, sets.ofFact(pick(same, rnd), null));
            }
        }
        String inverse = INVERSE.get(self.relation());
        var subject = model.tokenizer().singleToken(self.subject());
        if (inverse != null && subject.isPresent()) {
            List<String> texts = pararel.relation(inverse).orElseThrow().prompts(newWord);
            int[] gold = new int[texts.size()];
            java.util.Arrays.fill(gold, subject.getAsInt());
            out.add(EditGroup.INVERSE, new EvaluationSets.Prompts(texts, gold, List.of(self.uuid())));
        }
        return out;
    }

    private void addIfAny(Prompts out, EditGroup group, Fact self, List<Integer> indices) {
        if (!indices.isEmpty()) {
            out.add(group, sets.ofFact(self, indices));
        }
    }

    private static <T> T pick(List<T> items, Random rnd) {
        return items.get(rnd.nextInt(items.size()));
    }
}
