package dev.milotune.orchestration;

import dev.milotune.config.MilotuneConfig;
import dev.milotune.data.DataDirectory;
import dev.milotune.data.DatasetFetcher;
import dev.milotune.data.Datasets;
import dev.milotune.data.FetchException;
import dev.milotune.data.FetchResult;
import dev.milotune.study.LogText;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * Fetches a study's catalogue dataset on demand, while the study is planning: a study on a set the
 * data directory does not hold yet is accepted, and its plans (then its trials) wait for the fetch.
 * One fetch at a time per dataset, shared by every study that waits for it (across processes, the
 * fetcher's lock file per dataset does the same); a failed fetch fails the studies that waited,
 * and the next study on the set tries again. The progress of each fetch is visible while it runs.
 */
@ApplicationScoped
public class FetchService {

    private static final Logger LOG = Logger.getLogger(FetchService.class);

    public enum State {
        FETCHING,
        FETCHED,
        FAILED
    }

    /**
     * Where a dataset's fetch stands.
     *
     * @param source the pinned package it comes from
     * @param stage {@code queued}, then the fetcher's ({@code waiting}, {@code download}, {@code check},
     *     {@code store}), then {@code fetched} or {@code failed}
     * @param bytes the size of the stored files, once fetched
     * @param error why it failed
     */
    public record FetchProgress(String dataset, String source, State state, String stage, long bytes, Optional<String> error,
            Instant startedAt, Optional<Instant> finishedAt) {
    }

    private final DataDirectory dataDir;
    private final DatasetSource source;
    private final Clock clock;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "milotune-fetch");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, CompletableFuture<Void>> running = new ConcurrentHashMap<>();
    private final Map<String, FetchProgress> progress = new ConcurrentHashMap<>();

    FetchService(MilotuneConfig config, DatasetSource source, Clock clock) {
        this.dataDir = new DataDirectory(config.dataDir());
        this.source = source;
        this.clock = clock;
    }

    /**
     * Completes once {@code dataset} can be loaded: at once when it is present (or not a set to
     * fetch), else when its fetch ends; fails with a {@link FetchException} saying why it could not
     * be fetched.
     */
    public CompletableFuture<Void> ensure(String dataset) {
        if (!DatasetFetcher.isMissing(dataDir, dataset)) {
            return CompletableFuture.completedFuture(null);
        }
        return running.compute(dataset, (name, current) -> {
            if (current != null && !current.isDone()) {
                return current;
            }
            String from = Datasets.catalogue(dataDir).stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow().source();
            Instant started = clock.instant();
            progress.put(name, new FetchProgress(name, from, State.FETCHING, "queued", 0, Optional.empty(), started, Optional.empty()));
            return CompletableFuture.runAsync(() -> fetch(name, from, started), executor);
        });
    }

    /** The latest fetch of {@code dataset} in this process, if there was one. */
    public Optional<FetchProgress> progress(String dataset) {
        return Optional.ofNullable(progress.get(dataset));
    }

    public List<FetchProgress> allProgress() {
        return List.copyOf(progress.values());
    }

    private void fetch(String dataset, String from, Instant started) {
        LOG.infof("Fetching dataset %s from %s for the studies that need it", LogText.escape(dataset), from);
        try {
            FetchResult result = source.fetch(dataDir, dataset, stage -> progress.put(dataset,
                    new FetchProgress(dataset, from, State.FETCHING, stage, 0, Optional.empty(), started, Optional.empty())));
            progress.put(dataset, new FetchProgress(dataset, from, State.FETCHED, "fetched", result.bytes(), Optional.empty(), started,
                    Optional.of(clock.instant())));
            LOG.info(String.format(Locale.ROOT, "Fetched dataset %s: %.1f MB in %.1f s from %s (%s)", LogText.escape(dataset),
                    result.bytes() / 1e6, result.took().toMillis() / 1000.0, result.source(), result.outcome()));
        } catch (RuntimeException e) {
            String reason = "dataset " + dataset + " could not be fetched: " + e.getMessage();
            LOG.errorf("%s", LogText.escape(reason));
            progress.put(dataset, new FetchProgress(dataset, from, State.FAILED, "failed", 0, Optional.of(reason), started,
                    Optional.of(clock.instant())));
            throw new FetchException(reason, e);
        }
    }
}
