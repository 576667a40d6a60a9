package org.knlab.neurons;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.knlab.model.ModelIdentity;
import org.knlab.nn.LanguageModel;
import org.knlab.nn.NeuronSite;

/**
 * Neuron sets of several facts with one provenance (a step's output, a file), and what reading
 * them dropped: uuids of facts kn-lab does not ship ({@code skippedFacts}).
 */
public record NeuronSets(Provenance provenance, List<NeuronSet> sets, List<String> skippedFacts) {

    public NeuronSets {
        sets = List.copyOf(sets);
        skippedFacts = List.copyOf(skippedFacts);
    }

    /**
     * Its one JSON form ({@link NeuronSetCodec#write}) wherever it is serialized — a CLI's
     * {@code --json}, a result — so that {@code --neurons} and {@code neurons} read it back.
     */
    @JsonValue
    public ObjectNode json() {
        return NeuronSetCodec.write(this);
    }

    /** The sets of these facts only, in the sets' own order. */
    public NeuronSets only(Collection<String> uuids) {
        Set<String> keep = new HashSet<>(uuids);
        return new NeuronSets(
                provenance, sets.stream().filter(s -> keep.contains(s.uuid())).toList(), skippedFacts);
    }

    public List<String> uuids() {
        return sets.stream().map(NeuronSet::uuid).toList();
    }

    /**
     * Clear warnings when the sets were found on other weights than the ones the experiment runs, or
     * at another neuron site (the same units, measured elsewhere: allowed, but worth saying).
     */
    public List<String> warnings(LanguageModel model) {
        return warnings(model.identity(), model.neuronSite());
    }

    /** {@link #warnings(LanguageModel)} for a model's identity and neuron site. */
    public List<String> warnings(ModelIdentity running, NeuronSite site) {
        List<String> out = new ArrayList<>();
        if (provenance.model() != null && !provenance.model().equals(running.id())) {
            out.add("the neuron sets were found on " + provenance.model() + " but this experiment runs " + running.id()
                    + ": neuron indices of different models do not correspond");
        } else if (provenance.modelSha256() != null && !provenance.modelSha256().equals(running.sha256())) {
            out.add("the neuron sets were found on weights with SHA-256 " + provenance.modelSha256()
                    + " but this experiment runs " + running.sha256());
        }
        String foundAt = provenance.parameters() == null
                ? null
                : provenance.parameters().path(NeuronSite.FIELD).asText(null);
        if (foundAt != null && !foundAt.equals(site.hookName())) {
            out.add("the neuron sets were found at " + foundAt + " but this experiment's neurons are " + site.hookName()
                    + " (its " + NeuronSite.FIELD + ")");
        }
        if (!skippedFacts.isEmpty()) {
            out.add(skippedFacts.size() + " fact(s) of the neuron sets are not in kn-lab's ParaRel and were skipped");
        }
        return out;
    }
}
