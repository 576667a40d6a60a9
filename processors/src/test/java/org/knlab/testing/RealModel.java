package org.knlab.testing;

import org.knlab.model.ModelStore;
import org.knlab.nn.BertModel;

/** The real bert-base-cased, loaded once per test JVM (importing it from its Maven jar on first use). */
public final class RealModel {

    private static BertModel model;

    private RealModel() {}

    public static synchronized BertModel bertBaseCased() {
        if (model == null) {
            model = BertModel.load(ModelStore.fromEnvironment().open(ModelStore.DEFAULT_MODEL));
            Runtime.getRuntime().addShutdownHook(new Thread(model::close));
        }
        return model;
    }
}
