package dev.milotune.worker;

import dev.milotune.wire.WorkerMessage;

/** Port: how a worker tells the orchestrator what it does. Implemented over Kafka by messaging. */
public interface WorkerEvents {

    /** Sends the message and waits until the broker has it. */
    void send(String key, WorkerMessage message);
}
