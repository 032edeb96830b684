package dev.milotune.bench;

import dev.milotune.data.DataDirectory;
import dev.milotune.data.DatasetFetcher;
import dev.milotune.data.Datasets;
import io.quarkus.runtime.Quarkus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code milotune bench}: the command line of the experiments. Every option is parsed and checked
 * here, before anything starts; then the throughput experiment and {@code --render} run without
 * the service, and the others start it ({@link BenchApp}).
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "The speedup experiment: every arm of a preset (full data; MILO, random and adaptive-random subsets) once per seed,"
                    + " one after the other through the study service; writes results.json, report.md, the arms' specs and charts.",
            "",
            "  bench --preset quick|full|claim|wide [--dataset NAME] [--arms ID,...] [--seeds N] [--peer none|full|all] [--peer-threads N]",
            "  bench --experiment throughput [--dataset NAME]       (no service)",
            "  bench --experiment orchestrator [--trials N] [--concurrency C] [--segment-seconds S] [--warm-up-trials W]",
            "  bench --render DIR     (report and charts again, no service)",
            ""
        })
public final class BenchCommand implements Callable<Integer> {

    static final List<String> EXPERIMENTS = List.of("all", "arms", "training", "throughput", "orchestrator");

    @Spec
    CommandSpec spec;

    @Option(names = "--preset", paramLabel = "quick|full|claim|wide",
            description = "The design: quick (six arms, 10 trials), full (twelve arms, 16 trials), claim (the quick design's eleven arms the "
                    + "claim is judged on, with full-data checks; for --seeds 10) or wide (64 trials over a wider MLP space, seven arms). "
                    + "Required by all, arms and training.")
    String preset;

    @Option(names = "--dataset", paramLabel = "NAME", defaultValue = "fashion-mnist",
            description = "A catalogue dataset (fetched first if missing). Default: ${DEFAULT-VALUE}.")
    String dataset;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the results go. Default: bench-results/<UTC time>.")
    Path out;

    @Option(names = "--arms", paramLabel = "ID", split = ",",
            description = "Only these arms of the preset (and the baseline), e.g. milo-10,random-10.")
    List<String> arms;

    @Option(names = "--seeds", paramLabel = "N", defaultValue = "1",
            description = "Replicates: every arm once per seed (the design's seed, then the next ones). Default: ${DEFAULT-VALUE}.")
    int seeds;

    @Option(names = "--experiment", paramLabel = "NAME", defaultValue = "all",
            description = "all (arms, then training curves), arms, training, throughput or orchestrator. Default: ${DEFAULT-VALUE}.")
    String experiment;

    @Option(names = "--peer", paramLabel = "none|full|all", defaultValue = "full",
            description = "Arms experiment on Fashion-MNIST: the Optuna + PyTorch peer (src/main/resources/bench/optuna_peer.py) per seed, in the same random "
                    + "order as the arms: none, its full-data run, or also its random subsets at the preset's random fractions. "
                    + "Runs where /usr/bin/python3 has torch and optuna. Default: ${DEFAULT-VALUE}.")
    String peer;

    @Option(names = "--peer-threads", paramLabel = "N", defaultValue = "2",
            description = "The peer's torch threads (torch.set_num_threads), in [1, 256]: give it the count it is fastest with on the "
                    + "machine. Default: ${DEFAULT-VALUE}.")
    int peerThreads;

    @Option(names = "--trials", paramLabel = "N", defaultValue = "1000",
            description = "Orchestrator experiment: trials. Default: ${DEFAULT-VALUE}.")
    int trials;

    @Option(names = "--concurrency", paramLabel = "C", defaultValue = "100",
            description = "Orchestrator experiment: simulated slots. Default: ${DEFAULT-VALUE}.")
    int concurrency;

    @Option(names = "--segment-seconds", paramLabel = "S", defaultValue = "0",
            description = "Orchestrator experiment: simulated seconds of a segment, in [0, 3600]. Default: ${DEFAULT-VALUE}.")
    double segmentSeconds;

    @Option(names = "--warm-up-trials", paramLabel = "W", defaultValue = "3000",
            description = "Orchestrator experiment: trials of the study run before the measured one, to bring the JIT to a steady "
                    + "state (a 100-trial warm-up left the measured study running on code still being compiled). Default: ${DEFAULT-VALUE}.")
    int warmUpTrials;

    @Option(names = "--render", paramLabel = "DIR",
            description = "Draws report.md and the charts again from DIR/results.json, without running anything; takes no other option.")
    Path render;

    /** The options of {@code args} (the words after {@code bench}), checked; a {@link ParameterException} otherwise. */
    static BenchApp.Options parse(String... args) {
        BenchCommand command = new BenchCommand();
        new CommandLine(command).parseArgs(args);
        return command.options();
    }

    /** What no option's type says: the experiments, the presets and their arms, the datasets, the ranges. */
    BenchApp.Options options() {
        if (render != null) {
            List<String> others = spec.commandLine().getParseResult().matchedOptions().stream().map(o -> o.longestName())
                    .filter(name -> !name.equals("--render")).toList();
            if (!others.isEmpty()) {
                throw invalid("--render takes no other option, but " + String.join(", ", others) + " given");
            }
            if (!Files.isRegularFile(render.resolve("results.json"))) {
                throw invalid("--render is " + render + ", but must be a directory with a results.json (the output of a bench)");
            }
        }
        if (!EXPERIMENTS.contains(experiment)) {
            throw invalid("--experiment is " + experiment + ", but must be one of " + String.join(", ", EXPERIMENTS));
        }
        if (!Datasets.names().contains(dataset)) {
            throw invalid("--dataset is " + dataset + ", but must be one of " + Datasets.names());
        }
        if (!BenchApp.PEER_RUNS.contains(peer)) {
            throw invalid("--peer is " + peer + ", but must be one of " + String.join(", ", BenchApp.PEER_RUNS));
        }
        atLeastOne("--seeds", seeds);
        if (peerThreads < 1 || peerThreads > 256) {
            throw invalid("--peer-threads is " + peerThreads + ", but must be a whole number in [1, 256]");
        }
        atLeastOne("--trials", trials);
        atLeastOne("--concurrency", concurrency);
        atLeastOne("--warm-up-trials", warmUpTrials);
        if (!(segmentSeconds >= 0 && segmentSeconds <= 3600)) {
            throw invalid("--segment-seconds is " + segmentSeconds + ", but must be a number of seconds in [0, 3600]");
        }
        BenchApp.Options options = new BenchApp.Options(preset, dataset, Optional.ofNullable(out), Optional.ofNullable(arms), experiment,
                seeds, trials, concurrency, segmentSeconds, warmUpTrials, peer, peerThreads);
        if (render != null || options.standalone() || experiment.equals("orchestrator")) {
            return options;
        }
        if (preset == null) {
            throw invalid("--preset is required for --experiment " + experiment + ": quick, full, claim or wide");
        }
        try {
            BenchApp.select(BenchDesign.preset(preset, dataset), options.arms());
        } catch (IllegalArgumentException e) {
            throw invalid("--preset " + preset + (arms == null ? "" : " --arms " + String.join(",", arms)) + ": " + e.getMessage());
        }
        return options;
    }

    @Override
    public Integer call() throws Exception {
        BenchApp.Options options = options();
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        String[] args = spec.commandLine().getParseResult().originalArgs().toArray(String[]::new);
        if (render != null) {
            return BenchApp.renderAgain(render);
        }
        if (options.standalone()) {
            return ThroughputExperiment.run(options.dataset(), options.out(), BenchApp.command(args));
        }
        if (options.experiment().equals("orchestrator")) {
            // The orchestrator alone, on a broker and database of its own; the datasets are shared.
            try {
                Path base = DataDirectory.resolve().root();
                System.setProperty("milotune.data-dir", OrchestratorExperiment.freshDataDir(base).toString());
                System.setProperty("milotune.role", "orchestrator");
                DatasetFetcher.fetchIfMissing(DataDirectory.resolve(), "fashion-mnist", System.out::println);
            } catch (IOException e) {
                System.err.println("cannot prepare the experiment's data dir: " + e.getMessage());
                return 1;
            }
        }
        Quarkus.run(BenchApp.class, (code, failure) -> {
            if (failure != null) {
                // Otherwise a bench that fails between arms stops the service and exits without a word.
                failure.printStackTrace();
            }
            System.exit(code);
        }, args);
        return 0;
    }

    private void atLeastOne(String option, int value) {
        if (value < 1) {
            throw invalid(option + " is " + value + ", but must be a whole number >= 1");
        }
    }

    private ParameterException invalid(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
