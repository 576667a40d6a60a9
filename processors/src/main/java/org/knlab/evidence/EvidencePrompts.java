package org.knlab.evidence;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.knlab.data.Fact;
import org.knlab.data.ParaRel;
import org.knlab.data.Relation;
import org.knlab.data.Seeds;
import org.knlab.text.PromptStyle;
import org.knlab.text.WordPieceTokenizer;

/**
 * The prompts of each {@link PromptKind} for one fact, built from ParaRel's templates ({@code [X]}
 * the subject, {@code [Y]} the object) and seeded per fact: at most {@code perKind} of each kind but
 * {@code own} (all the fact's templates), no duplicates within a kind.
 */
public final class EvidencePrompts {

    private static final String X = "[X]";
    private static final String Y = "[Y]";
    private static final String MASK = WordPieceTokenizer.MASK;
    /** A placeholder, a word, or one punctuation mark. */
    private static final Pattern TOKEN = Pattern.compile("\\[X]|\\[Y]|[\\p{L}\\p{N}]+|[^\\s\\p{L}\\p{N}]");

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

    private final ParaRel pararel;
    private final int perKind;

    public EvidencePrompts(ParaRel pararel, int perKind) {
        this.pararel = pararel;
        this.perKind = perKind;
    }

    /** The fact's prompts of each of {@code kinds}, in the kinds' order. */
    public Map<PromptKind, List<String>> of(Fact fact, List<PromptKind> kinds, long seed) {
        Relation relation = pararel.relation(fact.relation()).orElseThrow();
        Map<PromptKind, List<String>> out = new LinkedHashMap<>();
        for (PromptKind kind : kinds) {
            Random rnd = new Random(Seeds.of(seed, fact.uuid(), Seeds.purpose(kind.ordinal())));
            List<String> prompts = switch (kind) {
                case OWN -> relation.prompts(fact);
                case SUBJECT_ONLY ->
                    capped(otherRelationTemplates(relation, rnd).stream()
                            .map(t -> fill(t, fact.subject(), MASK))
                            .toList());
                case RELATION_ONLY -> capped(withOtherSubjects(relation, fact, rnd));
                case RELATION_REMOVED ->
                    capped(relation.templates().stream()
                            .map(t -> fill(withoutRelationWords(t), fact.subject(), MASK))
                            .toList());
                case SHUFFLED ->
                    capped(relation.templates().stream()
                            .map(t -> fill(shuffled(t, rnd), fact.subject(), MASK))
                            .toList());
                // A next-token prompt ends where the object would be written: this kind has no decoder form.
                case OBJECT_WRITTEN ->
                    pararel.style() == PromptStyle.NEXT_TOKEN
                            ? List.<String>of()
                            : capped(relation.templates().stream()
                                    .map(t -> objectWritten(t, fact, rnd))
                                    .filter(p -> p != null)
                                    .toList());
            };
            out.put(kind, prompts);
        }
        return out;
    }

    private List<String> capped(List<String> prompts) {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(prompts));
        return List.copyOf(distinct.subList(0, Math.min(perKind, distinct.size())));
    }

    private static String fill(String template, String subject, String object) {
        return template.replace(X, subject).replace(Y, object);
    }

    /** Every template of the other relations, in a random order. */
    private List<String> otherRelationTemplates(Relation own, Random rnd) {
        List<String> all = new ArrayList<>();
        pararel.relations().values().stream()
                .filter(r -> !r.id().equals(own.id()))
                .forEach(r -> all.addAll(r.templates()));
        Collections.shuffle(all, rnd);
        return all;
    }

    /** Each template with the subject of another fact of the relation (a different subject), drawn at random. */
    private List<String> withOtherSubjects(Relation relation, Fact fact, Random rnd) {
        List<Fact> others = pararel.facts(relation.id()).stream()
                .filter(f -> !f.subject().equals(fact.subject()))
                .toList();
        if (others.isEmpty()) {
            return List.of();
        }
        return relation.templates().stream()
                .map(t -> fill(t, others.get(rnd.nextInt(others.size())).subject(), MASK))
                .toList();
    }

    /** Only {@code [X]}, {@code [Y]} (in the template's order) and a final full stop are kept. */
    static String withoutRelationWords(String template) {
        List<String> tokens = tokens(template);
        List<String> kept = new ArrayList<>(
                tokens.stream().filter(t -> t.equals(X) || t.equals(Y)).toList());
        if (tokens.get(tokens.size() - 1).equals(".")) {
            kept.add(".");
        }
        return String.join(" ", kept);
    }

    /** The template's tokens in a random order other than the original (a final full stop stays last). */
    static String shuffled(String template, Random rnd) {
        List<String> tokens = tokens(template);
        boolean stop = tokens.get(tokens.size() - 1).equals(".");
        List<String> body = new ArrayList<>(stop ? tokens.subList(0, tokens.size() - 1) : tokens);
        List<String> original = List.copyOf(body);
        for (int attempt = 0;
                attempt < 10 && body.equals(original) && new LinkedHashSet<>(body).size() > 1;
                attempt++) {
            Collections.shuffle(body, rnd);
        }
        if (stop) {
            body.add(".");
        }
        return String.join(" ", body);
    }

    /**
     * The template with the object written in and one of its words (not the subject, the object or
     * punctuation) masked; null when it has none.
     */
    static String objectWritten(String template, Fact fact, Random rnd) {
        List<String> tokens = tokens(template);
        List<Integer> maskable = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            if (!tokens.get(i).equals(X)
                    && !tokens.get(i).equals(Y)
                    && WORD.matcher(tokens.get(i)).matches()) {
                maskable.add(i);
            }
        }
        if (maskable.isEmpty()) {
            return null;
        }
        List<String> masked = new ArrayList<>(tokens);
        masked.set(maskable.get(rnd.nextInt(maskable.size())), MASK);
        return fill(String.join(" ", masked), fact.subject(), fact.object());
    }

    /**
     * The placeholders, words and single punctuation marks of a template, e.g. {@code [X]'s capital,
     * [Y].} → {@code [X] ' s capital , [Y] .}: joined by spaces they tokenise as the template does, since
     * BERT splits punctuation off anyway.
     */
    static List<String> tokens(String template) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(template);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }
}
