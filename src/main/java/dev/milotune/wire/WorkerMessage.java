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
})
public sealed interface WorkerMessage permits Heartbeat {

    /** Schema version of the record; decoders reject versions they do not know. */
    int v();
}
