package dev.milotune.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchReportTest {

    static ArmResult result(Arm arm, double tuning, double pre, double retrain, List<Double> test, List<Double> val,
            List<Double> search, List<String> reused) {
        return result(arm, tuning, pre, retrain, test, val, search, reused, 42);
    }

    static ArmResult result(Arm arm, double tuning, double pre, double retrain, List<Double> test, List<Double> val,
            List<Double> search, List<String> reused, long seed) {
        List<ArmResult.TrialValue> trials = new java.util.ArrayList<>();
        for (int i = 0; i < search.size(); i++) {
            trials.add(new ArmResult.TrialValue(i, 0, 9, search.get(i), Map.of("lr", 0.001 * (i + 1))));
        }
        return new ArmResult(arm, "id-" + arm.id(), "COMPLETED", 10, tuning, tuning / 2, tuning / 2 + pre + retrain, pre,
                reused.isEmpty() && pre == 0 ? List.of() : List.of("plan-a"), reused, List.of(), retrain,
                Map.of("lr", 0.004, "hidden", 256), 0.88, test, val, trials, seed,
                new ArmResult.Wall(tuning, pre, retrain / Math.max(1, test.size()), BenchMath.needsRetrain(arm, 9, 9), 0),
                ArmResult.NO_AGREEMENT);
    }

    static List<ArmResult> results() {
        return List.of(
                result(Arm.full("asha"), 200, 0, 40, List.of(0.86, 0.87), List.of(0.89, 0.89), List.of(0.5, 0.8, 0.88), List.of()),
                result(Arm.full("none"), 600, 0, 40, List.of(0.87, 0.87), List.of(0.90, 0.90), List.of(0.80, 0.85, 0.89, 0.90, 0.70),
                        List.of()),
                result(Arm.subset("milo", 0.1), 10, 30, 40, List.of(0.862, 0.862), List.of(0.875, 0.875), List.of(0.8), List.of()),
                result(Arm.subset("milo", 0.05), 5, 0, 40, List.of(0.84, 0.85), List.of(0.86, 0.86), List.of(0.8), List.of("plan-a")),
                result(Arm.subset("random", 0.1), 10, 0, 40, List.of(0.85, 0.85), List.of(0.87, 0.87), List.of(0.8), List.of()));
    }

    static BenchRun run() {
        return new BenchRun(BenchDesign.preset("quick", "fashion-mnist"),
                new MachineInfo(2, 24L << 30, "17.0.15", "OpenJDK", "Linux", "amd64"),
                "java -jar target/quarkus-app/quarkus-run.jar bench --preset quick",
                Instant.parse("2026-11-25T16:00:00Z"), Instant.parse("2026-11-25T16:12:00Z"), results());
    }

    @Test
    void rowsDeriveSpeedupsDeltaAndRank() {
        List<BenchAnalysis.Row> rows = BenchAnalysis.rows(results());
        BenchAnalysis.Row base = rows.get(0);
        assertThat(base.speedup()).isEqualTo(1.0);
        assertThat(base.deltaPoints()).isZero();
        BenchAnalysis.Row milo = rows.get(2);
        assertThat(milo.speedup()).isEqualTo(20.0);
        assertThat(milo.endToEndSpeedup()).isCloseTo(240.0 / 80.0, within(1e-12));
        assertThat(milo.deltaPoints()).isCloseTo(-0.3, within(1e-9));
        // full-none reference: 0.80 0.85 0.89 0.90 0.70; milo's retrain validation 0.875 is beaten by 0.89 and 0.90
        assertThat(milo.rank()).hasValue(3);
        assertThat(milo.rankOutOf()).isEqualTo(6);
        assertThat(rows.get(1).speedup()).isCloseTo(1 / 3.0, within(1e-12));
        assertThat(rows.get(1).rank()).hasValue(1);
    }

    @Test
    void targetsCompareMiloWithTheGoalsAndWithRandomAtTheSameFraction() {
        List<BenchAnalysis.Target> targets = BenchAnalysis.targets(BenchAnalysis.rows(results()));
        assertThat(targets).extracting(t -> t.arm().id()).containsExactly("milo-10", "milo-5");
        BenchAnalysis.Target milo10 = targets.get(0);
        assertThat(milo10.wallSpeedup().mean()).isEqualTo(20.0);
        assertThat(milo10.wallMet()).isTrue();
        assertThat(milo10.peerWallMet()).as("no peer ran").isEmpty();
        assertThat(milo10.accuracyMet()).isTrue();
        assertThat(milo10.vsRandom().orElseThrow().mean()).isCloseTo(1.2, within(1e-9));
        assertThat(milo10.aboveRandom()).contains(true);
        BenchAnalysis.Target milo5 = targets.get(1);
        assertThat(milo5.wallMet()).isTrue();
        assertThat(milo5.accuracyMet()).as("-1.5 pp is more than 0.5 pp lost").isFalse();
        assertThat(milo5.aboveRandom()).as("no random 5 % arm").isEmpty();
    }

    @Test
    void markdownHasOneTableRowPerArmAndTheDefinitions() {
        String md = BenchMarkdown.markdown(run());
        // tuning wall 10 s (20x), end to end 10 + one retrain (40 / 2) = 30 s against the baseline's 200 s with no retrain
        // with its plan (30 s): 40 s, 5x; regret (0.90 - 0.875) / (0.90 - 0.85) over full-none's 0.70 0.80 0.85 0.89 0.90
        assertThat(md).contains("| MILO 10 %, ASHA | 0 | COMPLETED | 10.0 | 30.0 | 20.00x | 5.00x | 30.0 | 6.67x | - | - | 10.0 | 20.00x "
                + "| 40.0 |");
        assertThat(md).contains("| full data, ASHA (baseline) | 0 | COMPLETED | 200.0 | 0.0 | 1.00x | 1.00x | 200.0 (no retrain) | 1.00x |");
        assertThat(md).contains("86.20 % ± 0.00 (2)").contains("| -0.30 | 3 / 6 | 0.50 | - |");
        assertThat(md).contains("full data, ASHA (baseline)");
        assertThat(md).contains("2 cores").contains("bench --preset quick");
        assertThat(md).contains("rank: 1 + number of full-none search trials");
        assertThat(md.lines().filter(l -> l.startsWith("| ") && l.contains("COMPLETED")).count()).isEqualTo(5);
    }

    @Test
    void jsonIsMachineReadableWithTheMachineAndNoNaN() throws Exception {
        String text = BenchJson.text(run());
        JsonNode json = new ObjectMapper().readTree(text);
        assertThat(json.path("machine").path("cores").asInt()).isEqualTo(2);
        assertThat(json.path("command").asText()).endsWith("--preset quick");
        assertThat(json.path("arms")).hasSize(5);
        JsonNode milo = json.path("arms").get(2);
        assertThat(milo.path("id").asText()).isEqualTo("milo-10");
        assertThat(milo.path("speedup").asDouble()).isEqualTo(20.0);
        assertThat(milo.path("testAccuracy").path("mean").asDouble()).isCloseTo(0.862, within(1e-12));
        assertThat(milo.path("rank").asInt()).isEqualTo(3);
        assertThat(milo.path("chosenConfiguration").path("hidden").asInt()).isEqualTo(256);
        assertThat(json.path("targets").get(0).path("aboveRandom").asBoolean()).isTrue();
        assertThat(text).doesNotContain("NaN");
    }

    /** A second seed: milo-10 is 10x faster and 0.5 pp below random this time. */
    static List<ArmResult> twoSeeds() {
        List<ArmResult> results = new java.util.ArrayList<>(results());
        results.add(result(Arm.full("asha"), 100, 0, 40, List.of(0.86), List.of(0.89), List.of(0.8), List.of(), 43));
        results.add(result(Arm.full("none"), 300, 0, 40, List.of(0.87), List.of(0.90), List.of(0.85, 0.91), List.of(), 43));
        results.add(result(Arm.subset("milo", 0.1), 10, 30, 40, List.of(0.85), List.of(0.875), List.of(0.8), List.of(), 43));
        results.add(result(Arm.subset("random", 0.1), 10, 0, 40, List.of(0.855), List.of(0.87), List.of(0.8), List.of(), 43));
        return results;
    }

    @Test
    void seedsAreComparedWithinTheirReplicateAndSummarisedOverAll() {
        List<BenchAnalysis.Row> rows = BenchAnalysis.rows(twoSeeds());
        BenchAnalysis.Row milo43 = rows.get(7);
        assertThat(milo43.result().seed()).isEqualTo(43);
        assertThat(milo43.speedup()).as("against seed 43's baseline (100 s), not seed 42's").isEqualTo(10.0);
        assertThat(milo43.deltaPoints()).isCloseTo(-1.0, within(1e-9));
        assertThat(milo43.rank()).as("0.875 is beaten by seed 43's 0.91 only").hasValue(2);

        BenchAnalysis.Aggregate milo = BenchAnalysis.aggregates(rows).stream().filter(a -> a.arm().id().equals("milo-10")).findFirst()
                .orElseThrow();
        assertThat(milo.seeds()).isEqualTo(2);
        assertThat(milo.speedup().mean()).isEqualTo(15.0);
        assertThat(milo.deltaPoints().mean()).isCloseTo(-0.65, within(1e-9));
        assertThat(milo.vsRandom().orElseThrow().mean()).isCloseTo((1.2 - 0.5) / 2, within(1e-9));
        BenchAnalysis.Aggregate milo5 = BenchAnalysis.aggregates(rows).stream().filter(a -> a.arm().id().equals("milo-5")).findFirst()
                .orElseThrow();
        assertThat(milo5.seeds()).isEqualTo(1);

        BenchAnalysis.Target target = BenchAnalysis.targets(rows).get(0);
        assertThat(target.wallSpeedup().mean()).as("targets read the geometric means of 20x and 10x").isCloseTo(Math.sqrt(200), within(1e-9));
        assertThat(target.wallSpeedup().lo()).as("exp(ln sqrt(200) - 12.706 * (ln 2 / sqrt(2)) / sqrt(2))")
                .isCloseTo(Math.sqrt(200) * Math.exp(-12.706 * Math.log(2) / 2), within(1e-6));
        assertThat(target.wallWithPlanSpeedup().mean()).as("with the 30 s plan: 200 / 40 and 100 / 40").isCloseTo(Math.sqrt(12.5), within(1e-9));
        assertThat(target.worstDeltaPoints()).as("seed 43's -1.0 pp").isCloseTo(-1.0, within(1e-9));
        assertThat(target.worstMet()).isTrue();
        assertThat(target.wallMet()).isFalse();
        assertThat(target.accuracyMet()).isFalse();
        assertThat(target.aboveRandom()).contains(true);

        List<BenchAnalysis.Row> chart = BenchAnalysis.chartRows(rows);
        assertThat(chart).as("one point per arm").hasSize(5);
        BenchAnalysis.Row miloPoint = chart.stream().filter(r -> r.arm().id().equals("milo-10")).findFirst().orElseThrow();
        assertThat(miloPoint.speedup()).isEqualTo(15.0);
        assertThat(miloPoint.result().retrainSeconds()).isEqualTo(40.0);
        assertThat(BenchAnalysis.chartRows(BenchAnalysis.rows(results()))).as("one seed: the rows themselves").hasSize(5);

        String md = BenchMarkdown.markdown(new BenchRun(run().design(), run().machine(), "x", Instant.EPOCH, Instant.EPOCH,
                twoSeeds()));
        assertThat(md).contains("study seeds 42, 43").contains("### Mean [95 % CI] over the seeds, paired per seed")
                .contains("| MILO 10 %, ASHA | 2 | 10.0 [10.0, 10.0] | 40.0 [40.0, 40.0] | 14.14x [0.17x, 1156.")
                .contains("| MILO 10 %, ASHA | 43 | 0 | COMPLETED | 10.0 | 30.0 | 10.00x | 2.50x |");
    }

    @Test
    void aRunReadBackFromItsJsonRendersTheSameReport() throws Exception {
        BenchRun written = new BenchRun(run().design(), run().machine(), run().command(), run().startedAt(),
                run().finishedAt(), twoSeeds());
        BenchRun read = BenchJson.read(new ObjectMapper().readTree(BenchJson.text(written)));
        assertThat(read.results()).isEqualTo(written.results());
        assertThat(BenchMarkdown.markdown(read)).isEqualTo(BenchMarkdown.markdown(written));
        assertThat(BenchJson.text(read)).isEqualTo(BenchJson.text(written));
    }

    @Test
    void anArmWithoutRetrainsHasNoDeltaButStillRenders() {
        List<ArmResult> results = new java.util.ArrayList<>(results());
        results.add(result(Arm.subset("adaptive-random", 0.1), 0, 0, 0, List.of(), List.of(), List.of(), List.of()));
        List<BenchAnalysis.Row> rows = BenchAnalysis.rows(results);
        assertThat(rows.get(5).deltaPoints()).isNaN();
        assertThat(rows.get(5).speedup()).isNaN();
        assertThat(rows.get(5).rank()).isEmpty();
        String md = BenchMarkdown.markdown(new BenchRun(run().design(), run().machine(), "x", Instant.EPOCH, Instant.EPOCH,
                results));
        assertThat(md).contains("| adaptive-random 10 %, ASHA | 0 | COMPLETED | 0.0 | 0.0 | - |");
    }

    static List<PeerResult> peers() {
        return List.of(
                new PeerResult(42, 1.0, 3, java.util.Optional.empty(), 400, 300, List.of(0.87, 0.88), List.of(50.0, 52.0),
                        Map.of("lr", 0.002), "/usr/lib/x86_64-linux-gnu/openblas-openmp/libblas.so.3"),
                new PeerResult(43, 1.0, 1, java.util.Optional.empty(), 150, 120, List.of(0.86), List.of(50.0), Map.of("lr", 0.002), "openblas"),
                PeerResult.skipped(44, 1.0, "torch runs on the reference BLAS"));
    }

    @Test
    void wallSpeedupsArePairedWithTheSameSeedsBaselineAndPeer() {
        List<BenchAnalysis.Row> rows = BenchAnalysis.rows(twoSeeds(), peers());
        BenchAnalysis.Row milo42 = rows.get(2);
        BenchAnalysis.Row milo43 = rows.get(7);
        assertThat(milo42.wallSpeedup()).isEqualTo(20.0);
        assertThat(milo43.wallSpeedup()).as("seed 43's baseline wall is 100 s").isEqualTo(10.0);
        assertThat(milo42.peerWallSpeedup()).as("seed 42's peer: 400 s / 10 s").isEqualTo(40.0);
        assertThat(milo43.peerWallSpeedup()).as("seed 43's peer: 150 s / 10 s").isEqualTo(15.0);
        assertThat(rows.get(0).endToEndWallSpeedup()).isEqualTo(1.0);

        BenchAnalysis.Aggregate milo = BenchAnalysis.aggregates(rows).stream().filter(a -> a.arm().id().equals("milo-10")).findFirst()
                .orElseThrow();
        assertThat(milo.peerWallSpeedup().mean()).as("geometric mean of 40x and 15x").isCloseTo(Math.sqrt(600), within(1e-9));
        assertThat(milo.peerWallSpeedup().n()).isEqualTo(2);
        assertThat(milo.endToEndWallSpeedup().mean()).as("seed 43 has one retrain of 40 s: sqrt(200 / 30 * 100 / 50)")
                .isCloseTo(Math.sqrt(200 / 30.0 * 2), within(1e-9));
        BenchAnalysis.Target target = BenchAnalysis.targets(rows).get(0);
        assertThat(target.peerWallMet()).contains(true);
        assertThat(target.wallMet()).isFalse();
    }

    @Test
    void jsonAggregatesCarryIntervalsAndThePeerAndReadBack() throws Exception {
        BenchRun written = new BenchRun(run().design(), run().machine(), run().command(), run().startedAt(),
                run().finishedAt(), twoSeeds(), List.of(), peers());
        String text = BenchJson.text(written);
        JsonNode json = new ObjectMapper().readTree(text);
        JsonNode milo = json.path("aggregates").get(2);
        assertThat(milo.path("arm").asText()).isEqualTo("milo-10");
        for (String key : List.of("tuningWallSeconds", "wallSpeedup", "peerWallSpeedup", "endToEndWallSpeedup", "deltaPoints",
                "deltaPointsVsRandom")) {
            assertThat(milo.path(key).path("n").asInt()).as(key).isEqualTo(2);
            assertThat(milo.path(key).path("ci95")).as(key).hasSize(2);
        }
        assertThat(milo.path("wallSpeedup").path("ci95").get(1).asDouble()).isCloseTo(Math.sqrt(200) * Math.exp(12.706 * Math.log(2) / 2),
                within(1e-6));
        assertThat(json.path("thresholds").path("wallSpeedup").asDouble()).isEqualTo(20.0);
        assertThat(json.path("peers").get(2).path("skipped").asText()).contains("reference BLAS");
        assertThat(text).doesNotContain("NaN");
        BenchRun read = BenchJson.read(json);
        assertThat(read.results()).isEqualTo(written.results());
        assertThat(read.peers()).isEqualTo(written.peers());
        assertThat(BenchMarkdown.markdown(read)).isEqualTo(BenchMarkdown.markdown(written))
                .contains("| Optuna + PyTorch, full data | 42 | 3 | 400.0 | 400.0 | 300.0 | 87.50 % ± 0.71 (2) | +1.00 |")
                .contains("not run: torch runs on the reference BLAS");
    }

    @Test
    void armsBeforeTheirSeedsBaselineRenderWithoutSpeedups() throws Exception {
        // The random order put milo-10 before full-asha: results.json is written after every arm.
        List<ArmResult> partial = List.of(results().get(2));
        List<BenchAnalysis.Row> rows = BenchAnalysis.rows(partial);
        assertThat(rows.get(0).wallSpeedup()).isNaN();
        assertThat(rows.get(0).deltaPoints()).isNaN();
        BenchRun run = new BenchRun(run().design(), run().machine(), "x", Instant.EPOCH, Instant.EPOCH, partial);
        assertThat(BenchMarkdown.markdown(run)).contains("| MILO 10 %, ASHA | 0 | COMPLETED | 10.0 | 30.0 | - |");
        assertThat(new ObjectMapper().readTree(BenchJson.text(run)).path("arms").get(0).path("wallSpeedup").isNull()).isTrue();
    }

    @Test
    void aRunInRandomOrderReadsBackWithTheBaselineFirstInItsDesign() throws Exception {
        List<ArmResult> shuffled = List.of(results().get(2), results().get(0), results().get(4));
        BenchRun written = new BenchRun(run().design(), run().machine(), "x", Instant.EPOCH, Instant.EPOCH, shuffled);
        BenchRun read = BenchJson.read(new ObjectMapper().readTree(BenchJson.text(written)));
        assertThat(read.results()).isEqualTo(shuffled);
        assertThat(read.design().arms()).extracting(Arm::id).containsExactly("full-asha", "milo-10", "random-10");
        assertThat(BenchMarkdown.markdown(read)).isEqualTo(BenchMarkdown.markdown(written));
    }

    @Test
    void tablesOverSeedsListTheArmsInTheDesignsOrder() {
        List<ArmResult> shuffled = List.of(results().get(3), results().get(4), results().get(0), results().get(2));
        List<BenchAnalysis.Row> rows = BenchAnalysis.inDesignOrder(BenchAnalysis.rows(shuffled), run().design().arms());
        assertThat(rows).extracting(r -> r.arm().id()).containsExactly("full-asha", "milo-10", "milo-5", "random-10");
        String md = BenchMarkdown.markdown(new BenchRun(run().design(), run().machine(), "x", Instant.EPOCH, Instant.EPOCH, shuffled));
        int milo10 = md.indexOf("| MILO 10 %, ASHA | 20.00x |");
        int milo5 = md.indexOf("| MILO 5 %, ASHA | 40.00x |");
        assertThat(milo10).as("the targets' milo-10 row").isPositive();
        assertThat(milo5).as("the targets' milo-5 row").isPositive();
        assertThat(milo10).as("milo-10 before milo-5, as the design lists them, though milo-5 ran first").isLessThan(milo5);
    }

    @Test
    void aCheckedArmKeepsItsAgreementPlanAndOptionsThroughItsJson() throws Exception {
        List<ArmResult> results = new java.util.ArrayList<>(results());
        Arm checked = Arm.subset("milo", 0.1).withCheck(3, 2).withValidationSample(0.2);
        results.add(result(checked, 12, 30, 40, List.of(0.87, 0.87), List.of(0.89, 0.89), List.of(0.8), List.of())
                .withAgreement(new dev.milotune.machine.Agreement.RungAgreement(0, 3, 1 / 3.0, 0.5)));
        BenchRun written = new BenchRun(run().design(), run().machine(), "x", Instant.EPOCH, Instant.EPOCH, results);
        JsonNode json = new ObjectMapper().readTree(BenchJson.text(written));
        JsonNode arm = json.path("arms").get(5);
        assertThat(arm.path("id").asText()).isEqualTo("milo-10-check3e2-val20");
        assertThat(arm.path("checkTopK").asInt()).isEqualTo(3);
        assertThat(arm.path("checkEpochs").asInt()).isEqualTo(2);
        assertThat(arm.path("validationSample").asDouble()).isEqualTo(0.2);
        assertThat(arm.path("planSeconds").asDouble()).isEqualTo(30.0);
        assertThat(arm.path("tuningWallWithPlanSeconds").asDouble()).isEqualTo(42.0);
        assertThat(arm.path("agreement").path("pairs").asInt()).isEqualTo(3);
        assertThat(json.path("arms").get(2).path("agreement").isNull()).as("no checks, no agreement").isTrue();
        BenchRun read = BenchJson.read(json);
        assertThat(read.results()).isEqualTo(written.results());
        assertThat(BenchMarkdown.markdown(read)).isEqualTo(BenchMarkdown.markdown(written))
                .contains("| MILO 10 %, ASHA, full-data check of top 3 (2 epochs), low rungs on 20 % of validation | 0 | COMPLETED | 12.0 | 30.0 |")
                .contains("| +0.33 (3) |");
    }
}
