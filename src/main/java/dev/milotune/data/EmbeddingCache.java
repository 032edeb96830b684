package dev.milotune.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Embeddings computed once per (dataset content hash, split, encoder id, encoder version) and kept
 * as content-addressed files under {@code <data dir>/embeddings}. A file is written to a temporary
 * name and renamed into place, and carries a SHA-256 of its bytes: a corrupt or partial file is
 * detected on read, logged, deleted and computed again.
 *
 * <p>File layout (little-endian): magic "MLTEMB01", key length, key (UTF-8), rows, columns, the
 * floats row by row, then the SHA-256 of everything before it.
 */
public final class EmbeddingCache {

    private static final System.Logger LOG = System.getLogger(EmbeddingCache.class.getName());
    private static final byte[] MAGIC = "MLTEMB01".getBytes(StandardCharsets.US_ASCII);
    private static final int DIGEST_BYTES = 32;

    private final Path directory;
    private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();

    public EmbeddingCache(DataDirectory dataDir) {
        this(dataDir.embeddings());
    }

    public EmbeddingCache(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    public float[][] embeddings(Dataset dataset, SplitRole split, Encoder encoder) {
        return embeddings(dataset, split, encoder, ProgressListener.none());
    }

    /** The split's embeddings: read from the cache, or computed (reporting progress), stored and returned. */
    public float[][] embeddings(Dataset dataset, SplitRole split, Encoder encoder, ProgressListener progress) {
        String key = key(dataset, split, encoder);
        synchronized (locks.computeIfAbsent(key, k -> new Object())) {
            Optional<float[][]> cached = read(key);
            if (cached.isPresent()) {
                return cached.get();
            }
            long start = System.nanoTime();
            float[][] computed = encoder.embed(dataset.split(split).items(), progress);
            double seconds = (System.nanoTime() - start) / 1e9;
            LOG.log(System.Logger.Level.INFO, String.format(Locale.ROOT,
                    "embedded %s %s with %s %s: %d items in %.1f s (%.1f items/s)", dataset.name(), split, encoder.id(),
                    encoder.version(), computed.length, seconds, computed.length / Math.max(seconds, 1e-9)));
            write(key, computed);
            return computed;
        }
    }

    /** The cached embeddings if a valid file exists; never computes. */
    public Optional<float[][]> cached(Dataset dataset, SplitRole split, Encoder encoder) {
        return read(key(dataset, split, encoder));
    }

    /** Where the embeddings of this (dataset, split, encoder) live. */
    public Path fileFor(Dataset dataset, SplitRole split, Encoder encoder) {
        return file(key(dataset, split, encoder));
    }

    static String key(Dataset dataset, SplitRole split, Encoder encoder) {
        return "dataset=" + dataset.contentHash() + ";split=" + split.name() + ";encoder=" + encoder.id() + ";version="
                + encoder.version();
    }

    private Path file(String key) {
        return directory.resolve(Digests.sha256Hex(key.getBytes(StandardCharsets.UTF_8)) + ".emb");
    }

    private Optional<float[][]> read(String key) {
        Path file = file(key);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new DataException("cannot read cached embeddings " + file + ": " + e.getMessage(), e);
        }
        Optional<String> problem = problem(bytes, key);
        if (problem.isPresent()) {
            LOG.log(System.Logger.Level.WARNING, "cached embeddings {0} are unusable ({1}); computing them again", file,
                    problem.get());
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new DataException("cannot delete corrupt cached embeddings " + file + ": " + e.getMessage(), e);
            }
            return Optional.empty();
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        buffer.position(MAGIC.length);
        buffer.position(buffer.position() + 4 + buffer.getInt(MAGIC.length));
        int rows = buffer.getInt();
        int columns = buffer.getInt();
        float[][] embeddings = new float[rows][columns];
        for (float[] row : embeddings) {
            buffer.asFloatBuffer().get(row);
            buffer.position(buffer.position() + columns * Float.BYTES);
        }
        return Optional.of(embeddings);
    }

    /** What is wrong with a cache file, if anything: checked before a single float is trusted. */
    private static Optional<String> problem(byte[] bytes, String key) {
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        int header = MAGIC.length + 4 + keyBytes.length + 8;
        if (bytes.length < header + DIGEST_BYTES) {
            return Optional.of("only " + bytes.length + " bytes");
        }
        if (!Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            return Optional.of("no MLTEMB01 magic");
        }
        MessageDigest digest = Digests.sha256();
        digest.update(bytes, 0, bytes.length - DIGEST_BYTES);
        if (!Arrays.equals(digest.digest(), 0, DIGEST_BYTES, bytes, bytes.length - DIGEST_BYTES, bytes.length)) {
            return Optional.of("checksum mismatch");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (buffer.getInt(MAGIC.length) != keyBytes.length
                || !Arrays.equals(bytes, MAGIC.length + 4, MAGIC.length + 4 + keyBytes.length, keyBytes, 0, keyBytes.length)) {
            return Optional.of("written for another key");
        }
        long rows = buffer.getInt(header - 8);
        long columns = buffer.getInt(header - 4);
        if (rows < 0 || columns < 0 || header + rows * columns * Float.BYTES + DIGEST_BYTES != bytes.length) {
            return Optional.of("size does not match " + rows + " x " + columns);
        }
        return Optional.empty();
    }

    private void write(String key, float[][] embeddings) {
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        int columns = embeddings.length == 0 ? 0 : embeddings[0].length;
        long size = MAGIC.length + 4L + keyBytes.length + 8L + (long) embeddings.length * columns * Float.BYTES + DIGEST_BYTES;
        if (size > Integer.MAX_VALUE - 16) {
            throw new DataException("embeddings of " + embeddings.length + " x " + columns + " are too large for one cache file");
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put(MAGIC).putInt(keyBytes.length).put(keyBytes).putInt(embeddings.length).putInt(columns);
        for (float[] row : embeddings) {
            if (row.length != columns) {
                throw new IllegalArgumentException("embeddings have rows of " + row.length + " and " + columns + " values");
            }
            for (float value : row) {
                buffer.putFloat(value);
            }
        }
        MessageDigest digest = Digests.sha256();
        digest.update(buffer.array(), 0, buffer.position());
        buffer.put(digest.digest());
        buffer.flip();
        Path target = file(key);
        try {
            Files.createDirectories(directory);
            Path temp = Files.createTempFile(directory, ".writing-", ".tmp");
            try {
                try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                    channel.force(true);
                }
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new DataException("cannot write cached embeddings " + target + ": " + e.getMessage(), e);
        }
    }
}
