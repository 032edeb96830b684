package dev.milotune.bench;

import java.time.Instant;
import java.util.List;

/** The whole run: design, where and when, how it was started, what it measured. */
public record BenchRun(BenchDesign design, MachineInfo machine, String command, Instant startedAt, Instant finishedAt,
        List<ArmResult> results, List<TrainingCurve> training, List<PeerResult> peers) {
    public BenchRun {
        results = List.copyOf(results);
        training = List.copyOf(training);
        peers = List.copyOf(peers);
    }

    public BenchRun(BenchDesign design, MachineInfo machine, String command, Instant startedAt, Instant finishedAt,
            List<ArmResult> results, List<TrainingCurve> training) {
        this(design, machine, command, startedAt, finishedAt, results, training, List.of());
    }

    public BenchRun(BenchDesign design, MachineInfo machine, String command, Instant startedAt, Instant finishedAt,
            List<ArmResult> results) {
        this(design, machine, command, startedAt, finishedAt, results, List.of(), List.of());
    }
}

