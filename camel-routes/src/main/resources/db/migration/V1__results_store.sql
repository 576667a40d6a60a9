-- The results store (StoreWriter): one set of migrations for the embedded H2 (in PostgreSQL mode) and
-- PostgreSQL. Times are epoch milliseconds; JSON documents are TEXT.

CREATE TABLE experiments (
    id              VARCHAR(256) PRIMARY KEY,
    status          VARCHAR(16)  NOT NULL,  -- accepted | running | completed | failed
    workflow_type   VARCHAR(1024),          -- step types joined by '>'
    model           VARCHAR(256),
    request         TEXT,
    accepted_at     BIGINT,
    updated_at      BIGINT       NOT NULL,
    duration_ms     DOUBLE PRECISION,
    failure_code    VARCHAR(64),
    failure_field   VARCHAR(512),
    failure_message TEXT,
    failed_step     VARCHAR(256)
);
CREATE INDEX experiments_by_update ON experiments (updated_at);

CREATE TABLE steps (
    experiment_id VARCHAR(256) NOT NULL,
    step_id       VARCHAR(256) NOT NULL,
    step_index    INT,
    step_type     VARCHAR(64),
    status        VARCHAR(16)  NOT NULL,    -- running | completed | failed
    done          INT,
    total         INT,
    started_at    BIGINT,
    completed_at  BIGINT,
    duration_ms   DOUBLE PRECISION,
    summary       TEXT,
    PRIMARY KEY (experiment_id, step_id)
);

-- Every CloudEvent of the progress, results and alerts topics, once (by its id).
CREATE TABLE events (
    id            VARCHAR(128) PRIMARY KEY,
    experiment_id VARCHAR(256) NOT NULL,
    type          VARCHAR(64)  NOT NULL,
    topic         VARCHAR(256) NOT NULL,
    event_time    BIGINT       NOT NULL,
    step_id       VARCHAR(256),
    data          TEXT         NOT NULL
);
CREATE INDEX events_by_experiment ON events (experiment_id, event_time);

-- Each step's output and the final result (step_id '' ) with its reproducibility record.
CREATE TABLE results (
    experiment_id   VARCHAR(256) NOT NULL,
    step_id         VARCHAR(256) NOT NULL,
    step_type       VARCHAR(64),
    event_id        VARCHAR(128) NOT NULL,
    output          TEXT         NOT NULL,
    reproducibility TEXT,
    PRIMARY KEY (experiment_id, step_id)
);

-- Per-fact rows from kn.experiments.rows, chunk by chunk.
CREATE TABLE fact_rows (
    experiment_id VARCHAR(256) NOT NULL,
    step_id       VARCHAR(256) NOT NULL,
    chunk         INT          NOT NULL,
    row_index     INT          NOT NULL,
    data          TEXT         NOT NULL,
    PRIMARY KEY (experiment_id, step_id, chunk, row_index)
);

-- An alert fires once per rule and subject: the primary key is that promise.
CREATE TABLE alerts (
    rule          VARCHAR(64)  NOT NULL,
    subject       VARCHAR(768) NOT NULL,
    experiment_id VARCHAR(256) NOT NULL,
    severity      VARCHAR(16)  NOT NULL,
    message       TEXT         NOT NULL,
    evidence      TEXT         NOT NULL,
    fired_at      BIGINT       NOT NULL,
    event_id      VARCHAR(128) NOT NULL,
    PRIMARY KEY (rule, subject)
);
CREATE INDEX alerts_by_experiment ON alerts (experiment_id);

-- Dead letters, once per topic-partition-offset; the original bytes as sent.
CREATE TABLE rejected_messages (
    topic           VARCHAR(256) NOT NULL,
    kafka_partition INT          NOT NULL,
    record_offset   BIGINT       NOT NULL,
    experiment_id   VARCHAR(512),
    code            VARCHAR(64),
    field           VARCHAR(512),
    message         TEXT,
    source_topic    VARCHAR(256),
    original        BYTEA,
    received_at     BIGINT       NOT NULL,
    PRIMARY KEY (topic, kafka_partition, record_offset)
);
CREATE INDEX rejected_by_time ON rejected_messages (received_at);
