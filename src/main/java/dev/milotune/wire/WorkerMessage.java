package dev.milotune.wire;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What workers send on the reports topic, keyed by worker id (heartbeats) or trial id (trial
 * events). The JSON carries a {@code type} discriminator and a schema version {@code v}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Heartbeat.class, name = "heartbeat"),
    @JsonSubTypes.Type(value = EpochReport.class, name = "epoch"),
    @JsonSubTypes.Type(value = SegmentOutcome.class, name = "outcome"),
})
public sealed interface WorkerMessage permits Heartbeat, EpochReport, SegmentOutcome {

    /** Schema version of the record; decoders reject versions they do not know. */
    int v();
}
