package dev.milotune.orchestration;

import dev.milotune.config.MilotuneConfig;
import dev.milotune.data.DataDirectory;
import dev.milotune.data.DatasetInfo;
import dev.milotune.data.Datasets;
import dev.milotune.data.Dataset;
import dev.milotune.data.DatasetNotFoundException;
import dev.milotune.data.SplitSpec;
import dev.milotune.data.RegisteredDataset;
import dev.milotune.data.RegisteredDatasets;
import dev.milotune.data.Registration;
import dev.milotune.study.LogText;
import dev.milotune.study.StudySpec;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The API's doorway to datasets: the catalogue, and datasets registered from the user's own
 * embeddings and labels (docs/data.md, "Your own embeddings"). Plans and studies find registered
 * datasets in the store themselves ({@link RegisteredDatasets}); this service registers them.
 */
@ApplicationScoped
public class DatasetService {

    private static final Logger LOG = Logger.getLogger(DatasetService.class);

    private final DataDirectory dataDir;
    private final RegisteredDatasets registered;
    private final MilotuneConfig config;
    private final Clock clock;
    private final java.util.Map<String, DatasetRows> rows = new java.util.concurrent.ConcurrentHashMap<>();

    DatasetService(MilotuneConfig config, Clock clock) {
        this.dataDir = new DataDirectory(config.dataDir());
        this.registered = new RegisteredDatasets(dataDir);
        this.config = config;
        this.clock = clock;
    }

    /** A dataset's content hash and the source rows behind its splits (see {@link Dataset.SourceRows}). */
    public record DatasetRows(String dataset, String contentHash, Dataset.SourceRows rows) {
    }

    /**
     * The content hash and split rows of a registered or catalogue dataset, read once per process
     * (a name never changes content: a registered one is immutable, a catalogue one pinned).
     *
     * @throws ConflictException when a catalogue dataset is not in the data directory yet
     */
    public DatasetRows rows(String name) {
        return rows.computeIfAbsent(name, n -> registered.find(n)
                // A registered dataset is one training split, its uploaded rows in order.
                .map(d -> new DatasetRows(n, d.contentHash(), Dataset.SourceRows.trainingOnly(d.numItems())))
                .orElseGet(() -> {
                    try {
                        Dataset dataset = Datasets.load(n, dataDir, SplitSpec.defaults());
                        return new DatasetRows(n, dataset.contentHash(), dataset.sourceRows());
                    } catch (DatasetNotFoundException e) {
                        throw new ConflictException("dataset " + n + " is not in the data directory yet (it is fetched while the"
                                + " study plans; a failed fetch fails the study): " + e.getMessage());
                    }
                }));
    }

    /** Uploads cut off by a crash or a restart leave files under the store; the orchestrator removes them when it starts. */
    void removeLeftovers(@Observes StartupEvent event) throws IOException {
        if (config.role().runsOrchestrator()) {
            registered.removeLeftovers();
        }
    }

    public List<DatasetInfo> catalogue() {
        return Datasets.catalogue(dataDir);
    }

    public List<RegisteredDataset> registered() {
        return registered.list();
    }

    public RegisteredDataset registered(String name) {
        return registered.find(name).orElseThrow(() -> new NotFoundException("no registered dataset named " + LogText.escape(name)));
    }

    /** Where one upload's files go while they arrive; the caller deletes it when done. */
    public Path newUploadDirectory() {
        try {
            return registered.newUploadDirectory();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create an upload directory under " + dataDir.userDatasets(), e);
        }
    }

    /**
     * Registers uploaded embeddings and labels under {@code name}; the same content again is
     * {@link Registration.Unchanged}.
     *
     * @param classNamesJson a JSON array of class names, if given
     * @throws dev.milotune.space.InvalidSpecException for a name that breaks the dataset name rule
     * @throws dev.milotune.data.MalformedDataException for files (or class names) that break a rule, naming which, where and the rule
     * @throws ConflictException for a catalogue name, or a name registered with other content
     */
    public Registration register(String name, Path embeddings, Path labels, Optional<String> classNamesJson, String owner) {
        StudySpec.DatasetSpec.checkName("name", name);
        if (Datasets.kind(name).isPresent()) {
            throw new ConflictException("dataset " + name + " is in the catalogue; register your embeddings under another name");
        }
        Optional<List<String>> classNames = classNamesJson.map(RegisteredDatasets::classNames);
        Registration registration;
        try {
            registration = registered.register(name, embeddings, labels, classNames, owner, clock.instant());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store dataset " + name + " under " + dataDir.userDatasets(), e);
        }
        if (registration instanceof Registration.Conflict conflict) {
            RegisteredDataset existing = conflict.dataset();
            throw new ConflictException("dataset " + name + " is already registered with other content (content hash "
                    + existing.contentHash() + ", by " + existing.owner() + " at " + existing.createdAt() + "); this upload's content hash is "
                    + conflict.uploadedContentHash() + ". A registered dataset never changes: register this one under another name");
        }
        if (registration instanceof Registration.Created created) {
            RegisteredDataset d = created.dataset();
            LOG.infof("Registered dataset %s: %d x %d embeddings, %d classes, content hash %s, by %s", name, d.numItems(), d.dimension(),
                    d.numClasses(), d.contentHash(), LogText.escape(owner));
        }
        return registration;
    }
}
