package org.knlab.neurons;

import java.util.List;
import org.knlab.attribution.KnowledgeNeuron;
import org.knlab.attribution.Neuron;

/**
 * A fact's neuron set, the artefact every step that acts on neurons takes: the fact (ParaRel uuid,
 * relation, gold object), its neurons, which of its prompts chose them ({@code selectionPrompts})
 * and which were kept out ({@code heldOutPrompts}), the refinement's prompt share p, and the
 * provenance. Prompt indices are null when not known (imported sets: chosen on all prompts, none
 * held out), and so is p. Provenance is that of the {@link NeuronSets} the set belongs to.
 */
public record NeuronSet(
        String uuid,
        String relation,
        String object,
        List<KnowledgeNeuron> neurons,
        List<Integer> selectionPrompts,
        List<Integer> heldOutPrompts,
        Double promptShare) {

    public NeuronSet {
        neurons = List.copyOf(neurons);
        selectionPrompts = selectionPrompts == null ? null : List.copyOf(selectionPrompts);
        heldOutPrompts = heldOutPrompts == null ? null : List.copyOf(heldOutPrompts);
    }

    /** True when the set records which prompts were kept out of its choice. */
    public boolean hasHeldOutSplit() {
        return heldOutPrompts != null;
    }

    public List<Neuron> neuronList() {
        return neurons.stream().map(KnowledgeNeuron::neuron).toList();
    }
}
