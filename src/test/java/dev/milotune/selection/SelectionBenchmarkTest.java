package dev.milotune.selection;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The selection benchmark of issue 3 (docs/selection.md, "Benchmark"): not a timed assertion, a
 * measurement. Run with
 * {@code mvn -B test -Pheavy -Dtest=SelectionBenchmarkTest}; it writes
 * target/selection-benchmark.md. Synthetic clustered embeddings, seeded: 10 classes, 8 clusters
 * per class, Gaussian noise 0.8 around unit-variance centres.
 */
@Tag("heavy")
class SelectionBenchmarkTest {

    static final int CLASSES = 10;

    @Test
    void fullPlansKernelThroughputAndScaling() throws IOException {
        List<String> report = new ArrayList<>();
        report.add("# Selection benchmark");
        report.add("");
        report.add(machine());
        report.add("");
        plan(6_000, 64, 50); // warm-up: JIT and the native backend, not reported

        report.add("## Full plan: N = 60,000, 10 classes, fraction 0.1, 300 SGE subsets + WRE order (best of 3 runs by wall time)");
        report.add("");
        report.add("| d | total wall s | process CPU s | " + String.join(" | ", stages()) + " | peak RSS MiB (sampled) | estimate MiB | plan bytes | JSON MiB | WRE max/min p | walls of the 3 runs s |");
        report.add("|---|---|---|" + "---|".repeat(stages().size()) + "---|---|---|---|---|---|");
        for (int d : new int[] {128, 384}) {
            List<Measured> runs = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                runs.add(plan(60_000, d, 300));
            }
            Measured best = runs.stream().min(java.util.Comparator.comparingLong(Measured::wallNanos)).orElseThrow();
            report.add(row(d, best) + " " + runs.stream().map(m -> seconds(m.wallNanos)).collect(Collectors.joining(", ")) + " |");
            assertThat(runs.get(1).plan.sgeSubsets()).isDeepEqualTo(runs.get(0).plan.sgeSubsets());
        }
        report.add("");

        report.add("## Ladder: fractions 0.01, 0.03, 0.1, 0.3 in one pass (N = 60,000, d = 128, 300 subsets each)");
        report.add("");
        int[] ladderLabels = SyntheticEmbeddings.balancedLabels(1, 60_000, CLASSES);
        float[][] ladderEmbeddings = SyntheticEmbeddings.byClass(2, ladderLabels, 128, 8, 0.8);
        long ladderCpu = processCpuNanos();
        long ladderStart = System.nanoTime();
        List<SubsetPlan> ladder = MiloPlanner.ladder(ladderEmbeddings, ladderLabels, new double[] {0.01, 0.03, 0.1, 0.3},
                PlanOptions.defaults(7), ProgressListener.NONE);
        long ladderWall = System.nanoTime() - ladderStart;
        ladderCpu = processCpuNanos() - ladderCpu;
        report.add("Wall " + seconds(ladderWall) + " s, process CPU " + seconds(ladderCpu) + " s; stages (shared by the 4 plans): "
                + ladder.get(0).provenance().timings().stream().map(t -> t.stage() + " " + String.format(Locale.ROOT, "%.2f", t.millis() / 1000.0) + " s")
                        .collect(Collectors.joining(", "))
                + ". Plan sizes: " + ladder.stream().map(p -> p.fraction() + ": " + p.toBytes().length + " bytes").collect(Collectors.joining(", ")) + ".");
        report.add("");

        report.add("## Kernel stage vs ND4J gemm (one class of n = 6,000; median of 5)");
        report.add("");
        report.add("| d | kernel stage ms | its GFLOP/s (2 n^2 d / t) | plain Nd4j.gemm n x d x n ms | gemm GFLOP/s | gemm / kernel throughput |");
        report.add("|---|---|---|---|---|---|");
        for (int d : new int[] {128, 384}) {
            report.add(kernelVersusGemm(6_000, d));
        }
        report.add("");

        report.add("## Scaling with N (d = 128, 10 classes, fraction 0.1, 300 subsets; best of 2 runs)");
        report.add("");
        report.add("| N | class size | ground sets | total wall s | process CPU s | " + String.join(" | ", stages()) + " | peak RSS MiB (sampled) |");
        report.add("|---|---|---|---|---|" + "---|".repeat(stages().size()) + "---|");
        for (int n : new int[] {10_000, 30_000, 60_000, 120_000}) {
            Measured first = plan(n, 128, 300);
            Measured second = plan(n, 128, 300);
            Measured m = first.wallNanos <= second.wallNanos ? first : second;
            report.add("| " + n + " | " + n / CLASSES + " | " + m.plan.provenance().groundSets() + " | " + seconds(m.wallNanos) + " | "
                    + seconds(m.cpuNanos) + " | " + stageCells(m.plan) + " | " + (m.plan.provenance().peakResidentBytes() >> 20) + " |");
        }
        report.add("");
        report.add("Process peak RSS over the whole run (VmHWM): " + (highWaterMark() >> 20) + " MiB.");
        String text = String.join("\n", report) + "\n";
        Files.writeString(Path.of("target", "selection-benchmark.md"), text, StandardCharsets.UTF_8);
        System.out.println(text);
        assertThat(text).contains("| 128 |");
    }

    private static List<String> stages() {
        return List.of("validate", "hash", "native", "kernel", "wre", "sge", "assemble");
    }

    private record Measured(SubsetPlan plan, long wallNanos, long cpuNanos, int bytes, long jsonBytes) {
    }

    private static Measured plan(int n, int d, int subsets) throws IOException {
        int[] labels = SyntheticEmbeddings.balancedLabels(1, n, CLASSES);
        float[][] embeddings = SyntheticEmbeddings.byClass(2, labels, d, 8, 0.8);
        System.gc();
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        SubsetPlan plan = MiloPlanner.plan(embeddings, labels, PlanOptions.defaults(7).withSubsets(subsets), ProgressListener.NONE);
        long wall = System.nanoTime() - t0;
        long cpu = processCpuNanos() - cpu0;
        byte[] bytes = plan.toBytes();
        CountingAppendable json = new CountingAppendable();
        plan.writeJson(json);
        return new Measured(plan, wall, cpu, bytes.length, json.count);
    }

    private static String row(int d, Measured m) {
        PlanProvenance p = m.plan.provenance();
        return String.format(Locale.ROOT, "| %d | %s | %s | %s | %d | %d | %d | %.1f | %.3f |", d, seconds(m.wallNanos), seconds(m.cpuNanos),
                stageCells(m.plan), p.peakResidentBytes() >> 20, p.estimatedPeakBytes() >> 20, m.bytes, m.jsonBytes / 1048576.0,
                p.wreProbabilityRatio());
    }

    private static String stageCells(SubsetPlan plan) {
        return stages().stream().map(stage -> plan.provenance().timings().stream().filter(t -> t.stage().equals(stage))
                .mapToLong(StageTiming::millis).mapToObj(ms -> String.format(Locale.ROOT, "%.2f", ms / 1000.0)).findFirst().orElse("-"))
                .collect(Collectors.joining(" | "));
    }

    private static String kernelVersusGemm(int n, int d) {
        float[][] rows = SyntheticEmbeddings.clustered(3, n, d, 8, 0.8);
        float[] unit = KernelBuilder.normalisedRows(SyntheticEmbeddings.flatten(rows), n, d);
        float[] buffer = new float[n * n];
        long[] kernel = new long[5];
        for (int r = 0; r < kernel.length; r++) {
            long t0 = System.nanoTime();
            KernelBuilder.cosine(unit, n, d, buffer);
            kernel[r] = System.nanoTime() - t0;
        }
        long[] gemm = new long[5];
        INDArray e = Nd4j.create(unit, new long[] {n, d}, DataType.FLOAT);
        INDArray c = Nd4j.createUninitialized(DataType.FLOAT, n, n);
        try {
            Nd4j.gemm(e, e, c, false, true, 1.0, 0.0);
            for (int r = 0; r < gemm.length; r++) {
                long t0 = System.nanoTime();
                Nd4j.gemm(e, e, c, false, true, 1.0, 0.0);
                gemm[r] = System.nanoTime() - t0;
            }
        } finally {
            c.close();
            e.close();
        }
        double flops = 2.0 * n * n * d;
        double kernelNanos = median(kernel);
        double gemmNanos = median(gemm);
        return String.format(Locale.ROOT, "| %d | %.0f | %.1f | %.0f | %.1f | %.2f |", d, kernelNanos / 1e6, flops / kernelNanos, gemmNanos / 1e6,
                flops / gemmNanos, (flops / gemmNanos) / (flops / kernelNanos));
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.2f", nanos / 1e9);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long highWaterMark() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }

    private static String machine() throws IOException {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name")).findFirst()
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
        String load = Files.readString(Path.of("/proc/loadavg")).trim();
        return "Machine: " + Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), max heap "
                + (Runtime.getRuntime().maxMemory() >> 20) + " MiB, Java " + System.getProperty("java.version") + ", ND4J 1.0.0-M2.1 "
                + "(OpenBLAS 0.3.19), load average at start: " + load + ".";
    }

    /** Counts the characters of the JSON export without holding it. */
    private static final class CountingAppendable implements Appendable {
        long count;

        @Override
        public Appendable append(CharSequence csq) {
            count += csq.length();
            return this;
        }

        @Override
        public Appendable append(CharSequence csq, int start, int end) {
            count += end - start;
            return this;
        }

        @Override
        public Appendable append(char c) {
            count++;
            return this;
        }
    }
}
