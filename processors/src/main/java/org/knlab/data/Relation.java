package org.knlab.data;

import java.util.List;

/** A ParaRel relation (Wikidata property) and its paraphrased cloze templates. */
public record Relation(String id, List<String> templates) {

    /** One prompt per template: {@code [X]} → subject, {@code [Y]} → {@code [MASK]}. */
    public List<String> prompts(Fact fact) {
        return templates.stream().map(t -> t.replace("[X]", fact.subject()).replace("[Y]", "[MASK]")).toList();
    }
}
