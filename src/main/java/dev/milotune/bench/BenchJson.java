package dev.milotune.bench;

import static dev.milotune.bench.BenchAnalysis.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/** results.json of a run, written and read back ({@code bench --render}); NaN is written as null. */
public final class BenchJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BenchJson() {
    }

    public static ObjectNode json(BenchRun run) {
        ObjectNode root = JSON.createObjectNode();
        BenchDesign d = run.design();
        root.put("preset", d.preset());
        root.put("dataset", d.dataset());
        root.put("command", run.command());
        root.put("startedAt", run.startedAt().toString());
        root.put("finishedAt", run.finishedAt().toString());
        ObjectNode machine = root.putObject("machine");
        machine.put("cores", run.machine().cores());
        machine.put("memoryBytes", run.machine().memoryBytes());
        machine.put("javaVersion", run.machine().javaVersion());
        machine.put("javaVm", run.machine().javaVm());
        machine.put("os", run.machine().os());
        machine.put("arch", run.machine().arch());
        ObjectNode design = root.putObject("design");
        design.put("model", d.family());
        design.put("encoder", d.encoder());
        ArrayNode seedList = design.putArray("seeds");
        seeds(run.results()).forEach(seedList::add);
        design.put("epochs", d.epochs());
        design.put("trials", d.trials());
        design.put("sampler", "tpe");
        design.put("startupTrials", d.startupTrials());
        design.put("seed", d.seed());
        design.put("maxConcurrentTrials", d.concurrent());
        design.put("retrains", d.retrains());
        ObjectNode definitions = root.putObject("definitions");
        definitions.put("tuningWallSeconds", TUNING_WALL);
        definitions.put("tuningWallWithPlanSeconds", WITH_PLAN);
        definitions.put("regret", REGRET);
        definitions.put("agreement", AGREEMENT);
        definitions.put("endToEndWallSeconds", END_TO_END_WALL);
        definitions.put("wallSpeedup", WALL_SPEEDUP);
        definitions.put("ci95", INTERVAL);
        definitions.put("speedup", SPEEDUP);
        definitions.put("endToEndSpeedup", END_TO_END);
        definitions.put("deltaPoints", DELTA);
        definitions.put("rank", RANK);
        ArrayNode arms = root.putArray("arms");
        for (Row row : run.results().isEmpty() ? List.<Row>of() : rows(run.results(), run.peers())) {
            ArmResult r = row.result();
            ObjectNode a = arms.addObject();
            a.put("id", r.arm().id());
            a.put("label", r.arm().label());
            a.put("strategy", r.arm().strategy());
            a.put("fraction", r.arm().fraction());
            a.put("scheduler", r.arm().scheduler());
            a.put("fidelity", r.arm().fidelity());
            a.put("checkTopK", r.arm().checkTopK());
            a.put("checkEpochs", r.arm().checkEpochs());
            a.put("validationSample", r.arm().validationSample());
            a.put("seed", r.seed());
            a.put("studyId", r.studyId());
            a.put("studyName", d.studyName(r.arm()));
            a.put("state", r.state());
            a.put("searchTrials", r.searchTrials());
            number(a, "tuningSeconds", r.tuningSeconds());
            number(a, "studyWallSeconds", r.studyWallSeconds());
            number(a, "wallSeconds", r.submitWallSeconds());
            number(a, "preprocessingSeconds", r.preprocessingSeconds());
            ArrayNode plans = a.putArray("planIds");
            r.planIds().forEach(plans::add);
            ArrayNode reused = a.putArray("reusedPlanIds");
            r.reusedPlans().forEach(reused::add);
            ArrayNode earlier = a.putArray("plansFromEarlierRuns");
            r.earlierPlans().forEach(earlier::add);
            number(a, "retrainSeconds", r.retrainSeconds());
            number(a, "endToEndSeconds", r.endToEndSeconds());
            a.set("chosenConfiguration", JSON.valueToTree(new TreeMap<>(r.chosen())));
            if (r.chosenValue() == null) {
                a.putNull("chosenValidationAccuracy");
            } else {
                number(a, "chosenValidationAccuracy", r.chosenValue());
            }
            ArrayNode tests = a.putArray("retrainTestAccuracies");
            r.retrainTest().forEach(tests::add);
            ArrayNode vals = a.putArray("retrainValidationAccuracies");
            r.retrainValidation().forEach(vals::add);
            summary(a.putObject("testAccuracy"), r.test());
            number(a, "speedup", row.speedup());
            number(a, "endToEndSpeedup", row.endToEndSpeedup());
            a.put("position", r.wall().position());
            number(a, "tuningWallSeconds", r.wall().tuningSeconds());
            number(a, "planSeconds", r.wall().planSeconds());
            number(a, "tuningWallWithPlanSeconds", r.wall().tuningWithPlanSeconds());
            number(a, "oneRetrainWallSeconds", r.wall().oneRetrainSeconds());
            a.put("retrainNeeded", r.wall().retrainNeeded());
            number(a, "endToEndWallSeconds", r.wall().endToEndSeconds());
            number(a, "wallSpeedup", row.wallSpeedup());
            number(a, "endToEndWallSpeedup", row.endToEndWallSpeedup());
            number(a, "peerWallSpeedup", row.peerWallSpeedup());
            number(a, "wallWithPlanSpeedup", row.wallWithPlanSpeedup());
            number(a, "peerWallWithPlanSpeedup", row.peerWallWithPlanSpeedup());
            number(a, "deltaPoints", row.deltaPoints());
            number(a, "regret", row.regret());
            if (r.agreement().pairs() > 0) {
                ObjectNode ag = a.putObject("agreement");
                ag.put("rung", r.agreement().rung());
                ag.put("pairs", r.agreement().pairs());
                number(ag, "kendallTau", r.agreement().kendallTau());
                number(ag, "spearman", r.agreement().spearman());
            } else {
                a.putNull("agreement");
            }
            if (row.rank().isPresent()) {
                a.put("rank", row.rank().getAsInt());
                a.put("rankOutOf", row.rankOutOf());
            } else {
                a.putNull("rank");
            }
            ArrayNode search = a.putArray("searchTrialResults");
            for (ArmResult.TrialValue t : r.searchValidation()) {
                ObjectNode tn = search.addObject();
                tn.put("number", t.number());
                tn.put("rung", t.rung());
                tn.put("epochs", t.epochs());
                number(tn, "bestValidationAccuracy", t.value());
                tn.set("configuration", JSON.valueToTree(new TreeMap<>(t.configuration())));
            }
        }
        ObjectNode training = root.putObject("trainingExperiment");
        training.put("configuration", "adam, lr 0.003, hidden 256, batch 128, " + d.epochs() + " epochs, no early stopping");
        trainingTarget(run.training()).ifPresentOrElse(t -> number(training, "targetValidationAccuracy", t),
                () -> training.putNull("targetValidationAccuracy"));
        ArrayNode curves = training.putArray("curves");
        for (TrainingCurve c : run.training()) {
            ObjectNode cn = curves.addObject();
            cn.put("id", c.arm().id());
            cn.put("strategy", c.arm().strategy());
            cn.put("fraction", c.arm().fraction());
            cn.put("studyId", c.studyId());
            cn.put("state", c.state());
            cn.put("itemsPerEpoch", c.itemsPerEpoch());
            number(cn, "trainingSeconds", c.totalSeconds());
            OptionalDouble reach = trainingTarget(run.training()).isPresent()
                    ? c.secondsToReach(trainingTarget(run.training()).getAsDouble()) : OptionalDouble.empty();
            reach.ifPresentOrElse(v -> number(cn, "secondsToTarget", v), () -> cn.putNull("secondsToTarget"));
            ArrayNode points = cn.putArray("points");
            for (TrainingCurve.Point p : c.points()) {
                ObjectNode pn = points.addObject();
                pn.put("epoch", p.epoch());
                number(pn, "seconds", p.seconds());
                number(pn, "validationAccuracy", p.validationAccuracy());
            }
        }
        ArrayNode aggregates = root.putArray("aggregates");
        for (Aggregate g : run.results().isEmpty() ? List.<Aggregate>of() : aggregates(inDesignOrder(rows(run.results(), run.peers()), d.arms()))) {
            ObjectNode gn = aggregates.addObject();
            gn.put("arm", g.arm().id());
            gn.put("seeds", g.seeds());
            interval(gn.putObject("tuningWallSeconds"), g.tuningWallSeconds());
            interval(gn.putObject("wallSpeedup"), g.wallSpeedup());
            interval(gn.putObject("peerWallSpeedup"), g.peerWallSpeedup());
            interval(gn.putObject("endToEndWallSpeedup"), g.endToEndWallSpeedup());
            interval(gn.putObject("tuningWallWithPlanSeconds"), g.tuningWallWithPlanSeconds());
            interval(gn.putObject("wallWithPlanSpeedup"), g.wallWithPlanSpeedup());
            interval(gn.putObject("peerWallWithPlanSpeedup"), g.peerWallWithPlanSpeedup());
            interval(gn.putObject("deltaPoints"), g.deltaPoints());
            number(gn, "worstDeltaPoints", g.worstDeltaPoints());
            interval(gn.putObject("regret"), g.regret());
            interval(gn.putObject("agreement"), g.agreement());
            g.vsRandom().ifPresentOrElse(v -> interval(gn.putObject("deltaPointsVsRandom"), v), () -> gn.putNull("deltaPointsVsRandom"));
            summary(gn.putObject("speedup"), g.speedup());
            summary(gn.putObject("endToEndSpeedup"), g.endToEndSpeedup());
            summary(gn.putObject("testAccuracy"), g.test());
            summary(gn.putObject("rank"), g.rank());
        }
        ArrayNode targets = root.putArray("targets");
        ObjectNode thresholds = root.putObject("thresholds");
        thresholds.put("wallSpeedup", Targets.ISSUE_17.wallSpeedup());
        thresholds.put("peerWallSpeedup", Targets.ISSUE_17.peerWallSpeedup());
        thresholds.put("deltaPoints", Targets.ISSUE_17.deltaPoints());
        thresholds.put("worstDeltaPoints", Targets.ISSUE_17.worstDeltaPoints());
        for (Target t : run.results().isEmpty() ? List.<Target>of() : targets(inDesignOrder(rows(run.results(), run.peers()), d.arms()))) {
            ObjectNode tn = targets.addObject();
            tn.put("arm", t.arm().id());
            interval(tn.putObject("wallSpeedup"), t.wallSpeedup());
            tn.put("wallSpeedupMet", t.wallMet());
            t.peerWallSpeedup().ifPresentOrElse(v -> interval(tn.putObject("peerWallSpeedup"), v), () -> tn.putNull("peerWallSpeedup"));
            t.peerWallMet().ifPresentOrElse(b -> tn.put("peerWallSpeedupMet", b), () -> tn.putNull("peerWallSpeedupMet"));
            interval(tn.putObject("deltaPoints"), t.deltaPoints());
            tn.put("deltaPointsMet", t.accuracyMet());
            interval(tn.putObject("wallWithPlanSpeedup"), t.wallWithPlanSpeedup());
            tn.put("wallWithPlanSpeedupMet", t.wallWithPlanMet());
            t.peerWallWithPlanSpeedup().ifPresentOrElse(v -> interval(tn.putObject("peerWallWithPlanSpeedup"), v),
                    () -> tn.putNull("peerWallWithPlanSpeedup"));
            t.peerWallWithPlanMet().ifPresentOrElse(b -> tn.put("peerWallWithPlanSpeedupMet", b), () -> tn.putNull("peerWallWithPlanSpeedupMet"));
            number(tn, "worstDeltaPoints", t.worstDeltaPoints());
            tn.put("worstDeltaPointsMet", t.worstMet());
            t.vsRandom().ifPresentOrElse(v -> interval(tn.putObject("deltaPointsVsRandom"), v), () -> tn.putNull("deltaPointsVsRandom"));
            t.aboveRandom().ifPresentOrElse(b -> tn.put("aboveRandom", b), () -> tn.putNull("aboveRandom"));
        }
        ArrayNode peers = root.putArray("peers");
        for (PeerResult p : run.peers()) {
            ObjectNode pn = peers.addObject();
            pn.put("id", p.id());
            pn.put("seed", p.seed());
            pn.put("fraction", p.fraction());
            pn.put("position", p.position());
            p.skipped().ifPresentOrElse(w -> pn.put("skipped", w), () -> pn.putNull("skipped"));
            number(pn, "tuningWallSeconds", p.tuningWallSeconds());
            number(pn, "endToEndWallSeconds", p.endToEndWallSeconds());
            number(pn, "trainingSeconds", p.trainingSeconds());
            ArrayNode tests = pn.putArray("retrainTestAccuracies");
            p.retrainTest().forEach(tests::add);
            ArrayNode seconds = pn.putArray("retrainSeconds");
            p.retrainSeconds().forEach(seconds::add);
            pn.set("chosenConfiguration", JSON.valueToTree(new TreeMap<>(p.chosen())));
            pn.put("blas", p.blas());
        }
        return root;
    }

    /**
     * A run read back from its results.json, so that report.md and the charts can be drawn again
     * from the raw measurements ({@code bench --render DIR}). Files written before seeds were
     * recorded count as one replicate of the design's seed.
     */
    public static BenchRun read(JsonNode root) {
        JsonNode d = root.path("design");
        BenchDesign preset = BenchDesign.preset(root.path("preset").asText(), root.path("dataset").asText());
        List<Arm> arms = new ArrayList<>();
        List<ArmResult> results = new ArrayList<>();
        for (JsonNode a : root.path("arms")) {
            Arm arm = new Arm(a.path("id").asText(), a.path("strategy").asText(), a.path("fraction").asDouble(),
                    a.path("scheduler").asText(), a.path("fidelity").asText(), a.path("checkTopK").asInt(0),
                    a.path("checkEpochs").asInt(1), a.path("validationSample").asDouble(1));
            if (!arms.contains(arm)) {
                arms.add(arm);
            }
            List<ArmResult.TrialValue> search = new ArrayList<>();
            for (JsonNode t : a.path("searchTrialResults")) {
                search.add(new ArmResult.TrialValue(t.path("number").asInt(), t.path("rung").asInt(), t.path("epochs").asInt(),
                        t.path("bestValidationAccuracy").asDouble(), JSON.convertValue(t.path("configuration"), MAP)));
            }
            JsonNode chosenValue = a.path("chosenValidationAccuracy");
            results.add(new ArmResult(arm, a.path("studyId").asText(), a.path("state").asText(), a.path("searchTrials").asInt(),
                    a.path("tuningSeconds").asDouble(), a.path("studyWallSeconds").asDouble(), a.path("wallSeconds").asDouble(),
                    a.path("preprocessingSeconds").asDouble(), strings(a.path("planIds")), strings(a.path("reusedPlanIds")),
                    strings(a.path("plansFromEarlierRuns")), a.path("retrainSeconds").asDouble(),
                    JSON.convertValue(a.path("chosenConfiguration"), MAP), chosenValue.isNumber() ? chosenValue.asDouble() : null,
                    numbers(a.path("retrainTestAccuracies")), numbers(a.path("retrainValidationAccuracies")), search,
                    a.path("seed").asLong(d.path("seed").asLong(preset.seed())),
                    a.has("tuningWallSeconds") ? new ArmResult.Wall(number(a.path("tuningWallSeconds")), planSeconds(a),
                            number(a.path("oneRetrainWallSeconds")), a.path("retrainNeeded").asBoolean(true), a.path("position").asInt(-1))
                            : ArmResult.Wall.UNKNOWN,
                    a.path("agreement").isObject() ? new dev.milotune.machine.Agreement.RungAgreement(a.path("agreement").path("rung").asInt(),
                            a.path("agreement").path("pairs").asInt(), number(a.path("agreement").path("kendallTau")),
                            number(a.path("agreement").path("spearman"))) : ArmResult.NO_AGREEMENT));
        }
        BenchDesign design = new BenchDesign(preset.preset(), preset.dataset(), d.path("epochs").asInt(preset.epochs()),
                d.path("trials").asInt(preset.trials()), d.path("startupTrials").asInt(preset.startupTrials()),
                d.path("maxConcurrentTrials").asInt(preset.concurrent()), d.path("retrains").asInt(preset.retrains()),
                d.path("seed").asLong(preset.seed()), arms.isEmpty() ? preset.arms() : designOrder(arms, preset.arms()));
        List<TrainingCurve> training = new ArrayList<>();
        for (JsonNode c : root.path("trainingExperiment").path("curves")) {
            Arm arm = design.trainingArms().stream().filter(t -> t.id().equals(c.path("id").asText())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown training curve " + c.path("id").asText()));
            List<TrainingCurve.Point> points = new ArrayList<>();
            for (JsonNode p : c.path("points")) {
                points.add(new TrainingCurve.Point(p.path("epoch").asInt(), p.path("seconds").asDouble(),
                        p.path("validationAccuracy").asDouble()));
            }
            training.add(new TrainingCurve(arm, c.path("studyId").asText(), c.path("state").asText(), c.path("itemsPerEpoch").asLong(),
                    points));
        }
        List<PeerResult> peers = new ArrayList<>();
        for (JsonNode p : root.path("peers")) {
            peers.add(new PeerResult(p.path("seed").asLong(), p.path("fraction").asDouble(), p.path("position").asInt(-1),
                    p.path("skipped").isTextual() ? Optional.of(p.path("skipped").asText()) : Optional.empty(),
                    number(p.path("tuningWallSeconds")), number(p.path("trainingSeconds")), numbers(p.path("retrainTestAccuracies")),
                    numbers(p.path("retrainSeconds")), JSON.convertValue(p.path("chosenConfiguration"), MAP), p.path("blas").asText()));
        }
        JsonNode m = root.path("machine");
        MachineInfo machine = new MachineInfo(m.path("cores").asInt(), m.path("memoryBytes").asLong(), m.path("javaVersion").asText(),
                m.path("javaVm").asText(), m.path("os").asText(), m.path("arch").asText());
        return new BenchRun(design, machine, root.path("command").asText(), Instant.parse(root.path("startedAt").asText()),
                Instant.parse(root.path("finishedAt").asText()), results, training, peers);
    }

    /**
     * The arm's plan seconds; results written before the wall was split (2026-12-07 evening) charged the
     * plan inside {@code tuningWallSeconds} and recorded no split: 0 there, so their walls read as before.
     */
    private static double planSeconds(JsonNode arm) {
        return arm.has("planSeconds") ? number(arm.path("planSeconds")) : 0;
    }

    private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> MAP = new com.fasterxml.jackson.core.type.TypeReference<>() {
    };

    /** The arms as the preset lists them (baseline first); the results are in each seed's random order. */
    private static List<Arm> designOrder(List<Arm> arms, List<Arm> preset) {
        List<Arm> ordered = new ArrayList<>(arms);
        ordered.sort(java.util.Comparator.comparingInt((Arm a) -> a.isBaseline() ? -1
                : preset.indexOf(a) < 0 ? Integer.MAX_VALUE : preset.indexOf(a)));
        return ordered;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** A number written by {@link #number}: null stands for NaN. */
    private static double number(JsonNode node) {
        return node.isNumber() ? node.asDouble() : Double.NaN;
    }

    private static List<Double> numbers(JsonNode array) {
        List<Double> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asDouble()));
        return out;
    }

    public static String text(BenchRun run) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json(run)) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void summary(ObjectNode node, Summary s) {
        node.put("n", s.n());
        number(node, "mean", s.mean());
        number(node, "sd", s.sd());
        number(node, "min", s.min());
        number(node, "max", s.max());
    }

    /** {@code {mean, sd, ci95: [lo, hi], n}}; null for what one seed cannot say. */
    private static void interval(ObjectNode node, Interval i) {
        number(node, "mean", i.mean());
        number(node, "sd", i.sd());
        ArrayNode ci = node.putArray("ci95");
        for (double bound : new double[] {i.lo(), i.hi()}) {
            if (Double.isFinite(bound)) {
                ci.add(bound);
            } else {
                ci.addNull();
            }
        }
        node.put("n", i.n());
    }

    private static void number(ObjectNode node, String key, double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            node.putNull(key);
        } else {
            node.put(key, value);
        }
    }

}
