package dev.milotune.worker;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.milotune.data.Dataset;
import dev.milotune.study.ModelFamily;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.stream.IntStream;

/**
 * Training throughput of the worker's epoch path, measured in process for the bench's throughput
 * experiment: {@code slots} threads, each training its own model on the whole training split as a
 * worker slot does (the same {@link SegmentTrainer}, the same resident split, the same per-slot
 * thread setting), in rounds that start together; a round's rate is all slots' items over the
 * round's wall time; warm-up rounds are dropped and the median of the rest is reported. Validation
 * (one pass over the validation split after each round, as after every epoch of a trial) is timed
 * separately. Also the plain DJL loop a DJL user would write, for reference. Before each round the
 * caller's hook runs alone on the machine (the bench runs an epoch of the PyTorch peer there, so that
 * each round's figure has a peer figure taken just before it).
 */
public final class TrainingThroughput {

    /** A model of the experiment: {@code mlp} (784-hidden-10) or {@code cnn} (conv32-pool-conv64-pool-hidden-10). */
    public record Model(String family, int hidden) {

        public String label() {
            return family.equals("mlp") ? "mlp-" + hidden : family;
        }

        ModelFamily modelFamily() {
            return family.equals("cnn") ? ModelFamily.CNN : ModelFamily.MLP;
        }

        int[] itemShape() {
            return family.equals("cnn") ? new int[] {1, 28, 28} : new int[] {784};
        }

        Map<String, Object> hyperparameters(int batch) {
            return family.equals("cnn")
                    ? Map.of("batchSize", (long) batch, "channels", 32L, "convLayers", 2L, "hidden", (long) hidden)
                    : Map.of("batchSize", (long) batch, "hidden", (long) hidden);
        }
    }

    /**
     * One measured path.
     *
     * @param path {@code worker} or {@code djl}
     * @param itemsPerSecond median over the measured rounds of training items per second, all slots together
     * @param rounds each measured round's rate
     * @param validationItemsPerSecond median rate of the validation passes (NaN where not measured)
     */
    public record Measurement(Model model, String path, int slots, int threadsPerSlot, double itemsPerSecond, List<Double> rounds,
            double validationItemsPerSecond, String device) {
    }

    private TrainingThroughput() {
    }

    /** The worker's path: {@code slots} concurrent trainers of {@code threadsPerSlot} threads each. */
    public static Measurement worker(Dataset dataset, Model model, int batch, int slots, int threadsPerSlot, int warmup, int rounds,
            Runnable beforeEachRound) {
        Device device = Engine.getEngine("PyTorch").defaultDevice();
        // The copy to the device on one thread: an OpenMP team kept by this thread would count against the slots' teams.
        TrainingThreads.use(1);
        int[] shape = model.itemShape();
        try (DeviceSplit train = DeviceSplit.of(new Inputs.Rows(dataset.train().features(), shape), dataset.train().labels(), device);
                DeviceSplit validation = DeviceSplit.of(new Inputs.Rows(dataset.validation().features(), shape),
                        dataset.validation().labels(), device)) {
            int[] all = IntStream.range(0, train.size()).toArray();
            int total = warmup + rounds;
            long[] roundStart = new long[total];
            long[][] trainEnd = new long[slots][total];
            double[][] validationSeconds = new double[slots][total];
            // The caller's thread is a party too: it runs the hook while the slots wait.
            CyclicBarrier start = new CyclicBarrier(slots + 1);
            CyclicBarrier end = new CyclicBarrier(slots + 1);
            List<Thread> threads = new ArrayList<>();
            List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
            Hyperparameters hp = Hyperparameters.of(model.modelFamily(), model.hyperparameters(batch));
            for (int s = 0; s < slots; s++) {
                int slot = s;
                Thread t = new Thread(() -> {
                    TrainingThreads.use(threadsPerSlot);
                    try (SegmentTrainer trainer = new SegmentTrainer(model.modelFamily(), hp, train, dataset.numClasses(), slot + 1,
                            total)) {
                        for (int r = 0; r < total; r++) {
                            start.await();
                            trainer.trainEpoch(r, all, () -> false);
                            trainEnd[slot][r] = System.nanoTime();
                            trainer.evaluate(validation);
                            validationSeconds[slot][r] = (System.nanoTime() - trainEnd[slot][r]) / 1e9;
                            end.await();
                        }
                    } catch (InterruptedException | BrokenBarrierException | RuntimeException e) {
                        failures.add(e);
                        start.reset();
                        end.reset();
                    }
                }, "throughput-slot-" + s);
                threads.add(t);
                t.start();
            }
            try {
                for (int r = 0; r < total && failures.isEmpty(); r++) {
                    beforeEachRound.run();
                    start.await();
                    roundStart[r] = System.nanoTime();
                    end.await();
                }
                for (Thread t : threads) {
                    t.join();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (BrokenBarrierException e) {
                // a slot failed: reported below
            }
            if (!failures.isEmpty()) {
                throw new IllegalStateException("a slot failed: " + failures.get(0), failures.get(0));
            }
            List<Double> rates = new ArrayList<>();
            List<Double> validationRates = new ArrayList<>();
            for (int r = warmup; r < total; r++) {
                long lastEnd = 0;
                for (int s = 0; s < slots; s++) {
                    lastEnd = Math.max(lastEnd, trainEnd[s][r]);
                }
                rates.add((double) slots * all.length / ((lastEnd - roundStart[r]) / 1e9));
                for (int s = 0; s < slots; s++) {
                    validationRates.add(validation.size() / validationSeconds[s][r]);
                }
            }
            return new Measurement(model, "worker", slots, threadsPerSlot, median(rates), rates, median(validationRates),
                    device.isGpu() ? "gpu:" + device.getDeviceId() : "cpu");
        }
    }

    /**
     * Brings the JVM to the state of a worker that has trained a few segments: the JIT compiles the
     * training loop during its first few thousand batches, and while it compiles it takes a core. One
     * small model on one thread for {@code batches} batches and a validation pass every 400.
     *
     * @return the seconds it took
     */
    public static double warmUpJvm(Dataset dataset, int batches) {
        long start = System.nanoTime();
        Device device = Engine.getEngine("PyTorch").defaultDevice();
        TrainingThreads.use(1);
        Model model = new Model("mlp", 64);
        try (DeviceSplit train = DeviceSplit.of(new Inputs.Rows(dataset.train().features(), model.itemShape()),
                dataset.train().labels(), device);
                DeviceSplit validation = DeviceSplit.of(new Inputs.Rows(dataset.validation().features(), model.itemShape()),
                        dataset.validation().labels(), device)) {
            onOwnThread("throughput-warm-up", () -> {
                TrainingThreads.use(1);
                int batch = 128;
                int[] part = IntStream.range(0, 400 * batch).map(i -> i % train.size()).toArray();
                try (SegmentTrainer trainer = new SegmentTrainer(model.modelFamily(), Hyperparameters.of(model.modelFamily(),
                        model.hyperparameters(batch)), train, dataset.numClasses(), 0, 1)) {
                    for (int done = 0, epoch = 0; done < batches; done += 400, epoch++) {
                        trainer.trainEpoch(epoch, part, () -> false);
                        trainer.evaluate(validation);
                    }
                }
            });
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** DJL's own Trainer loop on one thread of {@code threads} intra-op threads. */
    public static Measurement plainDjl(Dataset dataset, Model model, int batch, int threads, int warmup, int rounds,
            Runnable beforeEachEpoch) {
        List<Double> all = new ArrayList<>();
        onOwnThread("throughput-djl", () -> {
            TrainingThreads.use(threads);
            all.addAll(PlainDjlLoop.epochRates(model, dataset.train().features(), dataset.train().labels(), batch, warmup + rounds,
                    beforeEachEpoch));
        });
        List<Double> measured = all.subList(warmup, all.size());
        return new Measurement(model, "djl", 1, threads, median(measured), List.copyOf(measured), Double.NaN, "cpu");
    }

    /** Runs {@code work} on a thread of its own (its own OpenMP team size) and waits for it. */
    private static void onOwnThread(String name, Runnable work) {
        Thread t = new Thread(work, name);
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
