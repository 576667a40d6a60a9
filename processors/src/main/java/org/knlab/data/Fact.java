package org.knlab.data;

/** One ParaRel fact: a (subject, relation, object) triple with its T-REx uuid. */
public record Fact(String uuid, String relation, String subject, String object) {}
