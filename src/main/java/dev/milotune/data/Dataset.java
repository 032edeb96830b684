package dev.milotune.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A labelled dataset cut into train, validation and test splits. Its {@link #contentHash()} covers
 * the items, the labels, the class names and the cut, so anything derived from it (embeddings,
 * subset plans) can be keyed by it.
 */
public final class Dataset {

    private static final String HASH_FORMAT = "milotune-dataset/1";

    private final String name;
    private final DatasetKind kind;
    private final List<String> classNames;
    private final Split train;
    private final Split validation;
    private final Split test;
    private final SplitSpec splitSpec;
    private final SourceRows rows;
    private volatile String contentHash;

    /**
     * Where each split's items came from: their rows in the source files, in split order. Train
     * and validation rows index the training file; test rows the test file when the dataset has
     * an official one ({@code officialTest}), else the training file too.
     */
    public record SourceRows(int[] train, int[] validation, int[] test, boolean officialTest) {

        /** A dataset that is one training split, its {@code n} rows in order (a registered one). */
        public static SourceRows trainingOnly(int n) {
            return new SourceRows(identity(n), new int[0], new int[0], false);
        }

        /** The source file a split's rows index: {@code test} for an official test split, else {@code train}. */
        public String source(SplitRole role) {
            return role == SplitRole.TEST && officialTest ? "test" : "train";
        }

        public int[] of(SplitRole role) {
            return switch (role) {
                case TRAIN -> train;
                case VALIDATION -> validation;
                case TEST -> test;
            };
        }
    }

    private Dataset(String name, DatasetKind kind, List<String> classNames, Split train, Split validation, Split test,
            SplitSpec splitSpec, SourceRows rows) {
        this.name = Objects.requireNonNull(name, "name");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.classNames = List.copyOf(classNames);
        this.train = train;
        this.validation = validation;
        this.test = test;
        this.splitSpec = splitSpec;
        this.rows = rows;
    }

    /**
     * Cuts labelled items into splits. With an official test split ({@code testItems} not null) it
     * is kept; otherwise test is carved out first, stratified. Validation is then carved out of
     * what is left for training.
     */
    static Dataset cut(String name, DatasetKind kind, List<String> classNames, Items items, int[] labels,
            Items testItems, int[] testLabels, SplitSpec spec) {
        int numClasses = classNames.size();
        checkLabels(name, labels, numClasses);
        Items trainPool = items;
        int[] trainPoolLabels = labels;
        int[] trainPoolRows = identity(labels.length);
        int[] testRows;
        Split test;
        if (testItems == null) {
            StratifiedSplitter.Cut testCut = StratifiedSplitter.cut(labels, numClasses, spec.testFraction(), spec.seed());
            test = new Split(SplitRole.TEST, items.select(testCut.heldOut()), pick(labels, testCut.heldOut()));
            trainPool = items.select(testCut.kept());
            trainPoolLabels = pick(labels, testCut.kept());
            trainPoolRows = testCut.kept();
            testRows = testCut.heldOut();
        } else {
            checkLabels(name, testLabels, numClasses);
            test = new Split(SplitRole.TEST, testItems, testLabels);
            testRows = identity(testLabels.length);
        }
        // A different stream than the test cut's, so the two cuts are not correlated.
        long validationSeed = spec.seed() ^ 0x9E3779B97F4A7C15L;
        StratifiedSplitter.Cut validationCut = StratifiedSplitter.cut(
                trainPoolLabels, numClasses, spec.validationFraction(), validationSeed);
        Split validation = new Split(SplitRole.VALIDATION, trainPool.select(validationCut.heldOut()),
                pick(trainPoolLabels, validationCut.heldOut()));
        Split train = new Split(SplitRole.TRAIN, trainPool.select(validationCut.kept()),
                pick(trainPoolLabels, validationCut.kept()));
        SourceRows rows = new SourceRows(pick(trainPoolRows, validationCut.kept()), pick(trainPoolRows, validationCut.heldOut()),
                testRows, testItems != null);
        return new Dataset(name, kind, classNames, train, validation, test, spec, rows);
    }

    private static int[] identity(int n) {
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        return rows;
    }

    public String name() {
        return name;
    }

    public DatasetKind kind() {
        return kind;
    }

    /** Class names; a label is an index into this list. */
    public List<String> classNames() {
        return classNames;
    }

    public int numClasses() {
        return classNames.size();
    }

    public Split train() {
        return train;
    }

    public Split validation() {
        return validation;
    }

    public Split test() {
        return test;
    }

    public Split split(SplitRole role) {
        return switch (role) {
            case TRAIN -> train;
            case VALIDATION -> validation;
            case TEST -> test;
        };
    }

    public SplitSpec splitSpec() {
        return splitSpec;
    }

    /** Each split's rows in the source files (see {@link SourceRows}). */
    public SourceRows sourceRows() {
        return rows;
    }

    /**
     * Hex SHA-256 over the kind, class names and, per split, the items and labels. Independent of
     * the dataset's name: the same data under another name hashes the same. Computed once, on
     * first use (about half a second for Fashion-MNIST).
     */
    public String contentHash() {
        String hash = contentHash;
        if (hash == null) {
            synchronized (this) {
                hash = contentHash;
                if (hash == null) {
                    hash = computeHash();
                    contentHash = hash;
                }
            }
        }
        return hash;
    }

    @Override
    public String toString() {
        return "Dataset[" + name + ", " + kind + ", " + classNames.size() + " classes, train " + train.size()
                + ", validation " + validation.size() + ", test " + test.size() + "]";
    }

    private String computeHash() {
        HashSink sink = new HashSink();
        sink.text(HASH_FORMAT);
        sink.text(kind.name());
        sink.integer(classNames.size());
        classNames.forEach(sink::text);
        for (Split split : List.of(train, validation, test)) {
            sink.text(split.role().name());
            sink.integer(split.size());
            for (int label : split.labels()) {
                sink.integer(label);
            }
            if (split.items() instanceof Items.Features features) {
                for (int dimension : features.shape()) {
                    sink.integer(dimension);
                }
                for (float[] row : features.rows()) {
                    sink.floats(row);
                }
            } else {
                split.texts().forEach(sink::text);
            }
        }
        return sink.hex();
    }

    private static void checkLabels(String name, int[] labels, int numClasses) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("dataset " + name + ": label of item " + i + " is " + labels[i]
                        + ", but must be in [0, " + numClasses + ")");
            }
        }
    }

    private static int[] pick(int[] values, int[] indices) {
        int[] picked = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            picked[i] = values[indices[i]];
        }
        return picked;
    }

    /** Feeds typed values to SHA-256 through one buffer; lengths are written so fields cannot run together. */
    private static final class HashSink {
        private final MessageDigest digest = Digests.sha256();
        private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);

        void integer(int value) {
            room(4);
            buffer.putInt(value);
        }

        void text(String value) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            integer(bytes.length);
            flush();
            digest.update(bytes);
        }

        void floats(float[] values) {
            for (float value : values) {
                room(4);
                buffer.putFloat(value);
            }
        }

        String hex() {
            flush();
            return HexFormat.of().formatHex(digest.digest());
        }

        private void room(int bytes) {
            if (buffer.remaining() < bytes) {
                flush();
            }
        }

        private void flush() {
            buffer.flip();
            digest.update(buffer);
            buffer.clear();
        }
    }
}
