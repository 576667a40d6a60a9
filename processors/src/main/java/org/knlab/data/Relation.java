package org.knlab.data;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A ParaRel relation (Wikidata property) and its paraphrased templates, as prompts of one style:
 * cloze templates ({@code [X]} → subject, {@code [Y]} → {@code [MASK]}) or next-token templates
 * (the text before a final {@code [Y]}, without the trailing space).
 */
public record Relation(String id, List<String> templates) {

    /** [Y] ending the sentence: only spaces and one optional full stop after it, and [X] before it. */
    private static final Pattern FINAL_Y = Pattern.compile("(.*\\[X].*?)\\s*\\[Y]\\s*\\.?\\s*");

    /** One prompt per template: {@code [X]} → subject, {@code [Y]} (if any) → {@code [MASK]}. */
    public List<String> prompts(Fact fact) {
        return prompts(fact.subject());
    }

    /** One prompt per template about the given subject. */
    public List<String> prompts(String subject) {
        return templates.stream()
                .map(t -> t.replace("[X]", subject).replace("[Y]", "[MASK]"))
                .toList();
    }

    /**
     * A template as a next-token template — the text before its final {@code [Y]}, e.g.
     * "The capital of [X] is [Y] ." → "The capital of [X] is" — or empty when [Y] is not at its end.
     */
    public static Optional<String> nextTokenTemplate(String template) {
        Matcher m = FINAL_Y.matcher(template);
        return m.matches() ? Optional.of(m.group(1).stripTrailing()) : Optional.empty();
    }

    /** This relation with its next-token templates only (possibly none). */
    public Relation nextToken() {
        return new Relation(
                id,
                templates.stream()
                        .map(Relation::nextTokenTemplate)
                        .flatMap(Optional::stream)
                        .toList());
    }
}
