package dev.milotune.worker;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * How many threads one segment's arithmetic uses. PyTorch's intra-op pool (GNU OpenMP) is sized
 * per calling thread, so each slot sets its own, before its first operation. More OpenMP threads
 * than cores make the teams stall each other: a team whose thread is descheduled waits at every
 * barrier, and once the process holds more OpenMP threads than cores, libgomp stops spinning and
 * parks its threads on futexes, so every small operation pays two context switches (docs/worker.md
 * has the profile). A thread with one intra-op thread forms no team at all. So by default the cores
 * are split between the slots, at least one thread each; on 2 cores with 2 slots, one each.
 */
public final class TrainingThreads {

    private TrainingThreads() {
    }

    /** Threads per slot: {@code configured} when positive, else the cores divided between {@code slots}. */
    public static int perSlot(int slots, int configured) {
        if (configured > 0) {
            return configured;
        }
        return Math.max(1, Runtime.getRuntime().availableProcessors() / Math.max(1, slots));
    }

    /** Sizes the calling thread's intra-op pool; cheap when it already has that size. */
    static void use(int threads) {
        Engine.getEngine("PyTorch");
        if (JniUtils.getNumThreads() != threads) {
            JniUtils.setNumThreads(threads);
        }
    }
}
