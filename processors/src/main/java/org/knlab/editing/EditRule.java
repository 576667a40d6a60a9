package org.knlab.editing;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.knlab.settings.NamedValues;

/**
 * How a value slot v ({@code output.dense.weight[:, i]}) is moved from the old answer t to the new
 * one t′, with e the input word-embedding rows (tied to the MLM decoder); docs/method.md, "Editing and erasing".
 */
public enum EditRule {
    /** The authors' 6_edit_knowledge_sampled.py: v − λ1·(‖v‖/‖e_t‖)·e_t + λ2·(‖v‖/‖e_t′‖)·e_t′. */
    AUTHORS("authors"),
    /** EleutherAI's edit_knowledge: v − 2·e_t + 2·e_t′, no norm scaling (λ ignored). */
    ELEUTHER("eleuther");

    private final String id;

    EditRule(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    @JsonCreator
    public static EditRule parse(String id) {
        return NamedValues.parse(values(), EditRule::id, id, "edit rule", "editRule");
    }

    /** The new value slot, in v's scope. */
    public NDArray apply(NDArray v, NDArray eOld, NDArray eNew, double lambda1, double lambda2) {
        if (this == ELEUTHER) {
            return v.sub(eOld.mul(2f)).add(eNew.mul(2f));
        }
        double norm = v.norm().getFloat();
        float down = (float) (lambda1 * norm / eOld.norm().getFloat());
        float up = (float) (lambda2 * norm / eNew.norm().getFloat());
        return v.sub(eOld.mul(down)).add(eNew.mul(up));
    }
}
