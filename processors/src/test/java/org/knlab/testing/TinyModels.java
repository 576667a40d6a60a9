package org.knlab.testing;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import org.knlab.model.ModelStore;
import org.knlab.nn.BertModel;
import org.knlab.nn.Hooks;
import org.knlab.nn.LanguageModel;
import org.knlab.nn.TokenBatch;

/** Helpers for tests on a {@link TinyBert} written into a temporary model store. */
public final class TinyModels {

    private TinyModels() {}

    public static BertModel load(TinyBert tiny, Path store) throws IOException {
        tiny.write(store.resolve("tiny"), true);
        return BertModel.load(new ModelStore(store).open("tiny"), Device.cpu());
    }

    /** MLM logits at one position of each row, flattened [rows × vocab]. */
    public static float[] logits(BertModel model, TokenBatch batch, int[] positions, Hooks hooks) {
        try (NDManager scope = model.newScope()) {
            NDArray hidden = model.encode(scope, batch, hooks);
            int[] rows = new int[positions.length];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = i;
            }
            return model.logits(hidden, rows, positions).toFloatArray();
        }
    }

    /** A prompt's ids as the model reads it (for a cloze prompt, with its [MASK]). */
    public static int[] ids(LanguageModel model, String text) {
        return model.tokenizer().encode(text, "text").ids();
    }

    /** The prompt's answer position: its [MASK], or a decoder's last token. */
    public static int maskPosition(LanguageModel model, String text) {
        return model.tokenizer().encode(text, "text").answerPosition();
    }
}
