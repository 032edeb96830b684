package dev.milotune.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Loading datasets: the catalogue by name, or the user's own files. */
public final class Datasets {

    private Datasets() {
    }

    /** Catalogue names: fashion-mnist, mnist, imdb, imdb-5k, spam-assassin, and the fixture-* sets. */
    public static List<String> names() {
        return Catalogue.ENTRIES.stream().map(Catalogue.Entry::name).toList();
    }

    /** The kind of a catalogue dataset; empty for a name not in the catalogue. */
    public static java.util.Optional<DatasetKind> kind(String name) {
        return Catalogue.find(name).map(Catalogue.Entry::kind);
    }

    /** The catalogue, with whether each set can be loaded from {@code dataDir} now. */
    public static List<DatasetInfo> catalogue(DataDirectory dataDir) {
        return Catalogue.ENTRIES.stream().map(entry -> {
            if (entry instanceof Catalogue.Fetched fetched) {
                Path dir = dataDir.datasets().resolve(fetched.name());
                boolean present = fetched.files().stream().allMatch(file -> Files.isRegularFile(dir.resolve(file.name())));
                return new DatasetInfo(fetched.name(), fetched.kind(), fetched.description(), fetched.source().describe(), present);
            }
            boolean present = Datasets.class.getResource("/fixtures/README.md") != null;
            return new DatasetInfo(entry.name(), entry.kind(), entry.description(), "test fixture (classpath)", present);
        }).toList();
    }

    /** A catalogue dataset, cut with the default split (seed 0, validation 10% of train). */
    public static Dataset load(String name, Path dataDir) {
        return load(name, new DataDirectory(dataDir), SplitSpec.defaults());
    }

    /**
     * A catalogue dataset. Fetched sets are read from {@code <dataDir>/datasets/<name>/} and their
     * files checked against the pinned SHA-256; fixtures come from the classpath.
     *
     * @throws DatasetNotFoundException for an unknown name or a set not fetched yet
     */
    public static Dataset load(String name, DataDirectory dataDir, SplitSpec spec) {
        Catalogue.Entry entry = Catalogue.find(name).orElseThrow(() -> new DatasetNotFoundException(
                "no dataset named '" + name + "'; the catalogue has " + names()));
        return Catalogue.load(entry, dataDir.datasets(), spec);
    }

    /** The user's own JSON / JSON Lines / CSV files. */
    public static Dataset load(UserDatasetSpec files, SplitSpec spec) {
        return RecordDatasets.load(files, spec);
    }

    /**
     * A seeded class-stratified sample: from every class a shuffled {@code round(n_c * fraction)} of
     * its items, in ascending index order (the same hold-out the splits are cut with).
     */
    public static int[] stratifiedSample(int[] labels, double fraction, long seed) {
        int classes = java.util.Arrays.stream(labels).max().orElse(-1) + 1;
        return StratifiedSplitter.cut(labels, classes, fraction, seed).heldOut();
    }
}
