package org.knlab.attribution;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.knlab.errors.InvalidParameterException;

/**
 * Which of a fact's prompts choose its neurons and which are kept back to test them on: a seeded
 * split, at least one prompt on each side.
 */
public record HeldOutSplit(List<Integer> selection, List<Integer> heldOut) {

    /** Only the first selection prompt chooses (single-prompt KN); the held-out prompts stay held out. */
    public HeldOutSplit firstSelectionPromptOnly() {
        return new HeldOutSplit(selection.subList(0, Math.min(1, selection.size())), heldOut);
    }

    public static HeldOutSplit all(int prompts) {
        return new HeldOutSplit(IntStream.range(0, prompts).boxed().toList(), List.of());
    }

    public static HeldOutSplit of(int prompts, double heldOutShare, long seed) {
        if (heldOutShare <= 0) {
            return all(prompts);
        }
        if (heldOutShare >= 1 || prompts < 2) {
            throw new InvalidParameterException(
                    "heldOut",
                    "heldOut must be in [0, 1) and a fact needs at least 2" + " prompts to hold some out (got "
                            + heldOutShare + " of " + prompts + ")");
        }
        List<Integer> order =
                new ArrayList<>(IntStream.range(0, prompts).boxed().toList());
        Collections.shuffle(order, new Random(seed));
        int held = Math.max(1, Math.min(prompts - 1, (int) Math.round(heldOutShare * prompts)));
        List<Integer> heldOut = new ArrayList<>(order.subList(0, held));
        List<Integer> selection = new ArrayList<>(order.subList(held, prompts));
        Collections.sort(heldOut);
        Collections.sort(selection);
        return new HeldOutSplit(List.copyOf(selection), List.copyOf(heldOut));
    }
}
