package dev.milotune.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The rules an uploaded embeddings or labels {@code .npy} file must meet, on top of the format
 * itself ({@link NpyFile}), checked in one pass over the file while its content hash is computed.
 * Stricter than {@code milotune select} reads: one dtype and layout for embeddings, so that what
 * is stored is what MILO reads. The hashes are those of {@code selection.ContentHash}: SHA-256 of
 * {@code "f32 N d\n"} and the row-major little-endian float32 values, and of {@code "i32 N\n"}
 * and the labels as little-endian int32.
 */
final class UploadedArrays {

    /** Labels are class indices below this. */
    static final int MAX_CLASSES = 100_000;
    /** Widest embedding accepted. */
    static final int MAX_DIMENSION = 65_536;

    /** A checked embeddings file. */
    record Embeddings(int numItems, int dimension, String hash) {
    }

    /** A checked labels file; {@code maxLabel} is its largest label. */
    record Labels(int numItems, int maxLabel, String hash) {
    }

    private UploadedArrays() {
    }

    /**
     * Embeddings: dtype {@code <f4}, C order, shape (N, d) with N >= 2 and 1 <= d <= 65,536, every
     * value finite, no row all zeros (MILO's cosine kernels normalise rows).
     *
     * @param part how errors name the file (the upload's part)
     */
    static Embeddings embeddings(Path path, String part) throws IOException {
        NpyFile.Header header = NpyFile.header(path, part);
        if (!header.descr().equals("<f4")) {
            throw new MalformedDataException(part, "header", "the dtype is '" + header.descr()
                    + "', but embeddings must be little-endian float32 '<f4' (numpy: np.save(f, x.astype('<f4')))");
        }
        if (header.fortranOrder()) {
            throw new MalformedDataException(part, "header", "the array is in Fortran order, but embeddings must be in C order"
                    + " (numpy: np.save(f, np.ascontiguousarray(x)))");
        }
        long[] shape = header.shape();
        if (shape.length != 2) {
            throw new MalformedDataException(part, "header", "the shape is " + header.shapeText() + ", but embeddings must be 2-D: (N, d)");
        }
        if (shape[0] < 2 || shape[0] > Integer.MAX_VALUE) {
            throw new MalformedDataException(part, "header", "the shape is " + header.shapeText() + ", but N (rows) must be at least 2");
        }
        if (shape[1] < 1 || shape[1] > MAX_DIMENSION) {
            throw new MalformedDataException(part, "header", "the shape is " + header.shapeText() + ", but d (columns) must be 1 to "
                    + MAX_DIMENSION);
        }
        int n = (int) shape[0];
        int d = (int) shape[1];
        MessageDigest digest = Digests.sha256();
        digest.update(("f32 " + n + " " + d + "\n").getBytes(StandardCharsets.US_ASCII));
        boolean[] rowHasNonZero = {false};
        NpyFile.readData(path, header, (chunk, first) -> {
            digest.update(chunk.duplicate());
            for (long at = first; chunk.hasRemaining(); at++) {
                float value = chunk.getFloat();
                long row = at / d;
                int column = (int) (at % d);
                if (!Float.isFinite(value)) {
                    throw new MalformedDataException(part, "row " + row + " (byte " + (header.dataOffset() + at * 4) + ")",
                            "column " + column + " is " + value + ", but embeddings must be finite");
                }
                rowHasNonZero[0] |= value != 0f;
                if (column == d - 1) {
                    if (!rowHasNonZero[0]) {
                        throw new MalformedDataException(part, "row " + row + " (byte " + (header.dataOffset() + row * d * 4) + ")",
                                "the row is all zeros, but MILO's cosine kernels must normalise every row");
                    }
                    rowHasNonZero[0] = false;
                }
            }
        });
        return new Embeddings(n, d, HexFormat.of().formatHex(digest.digest()));
    }

    /**
     * Labels: an integer dtype, little-endian (or single bytes), shape (N,) with N the embeddings'
     * rows, every label in 0 .. 99,999 and, where class names are given, below their count.
     *
     * @param numClassNames how many class names were given; 0 for none
     */
    static Labels labels(Path path, String part, int numItems, int numClassNames) throws IOException {
        NpyFile.Header header = NpyFile.header(path, part);
        if (!isLittleEndianInteger(header)) {
            throw new MalformedDataException(part, "header", "the dtype is '" + header.descr() + "', but labels must be little-endian"
                    + " integers: '<i8', '<i4', '<i2', '|i1', '<u8', '<u4', '<u2' or '|u1'");
        }
        long[] shape = header.shape();
        if (shape.length != 1) {
            throw new MalformedDataException(part, "header", "the shape is " + header.shapeText()
                    + ", but labels must be 1-D: (N,) (numpy: y.reshape(-1))");
        }
        if (shape[0] != numItems) {
            throw new MalformedDataException(part, "header", "the shape is " + header.shapeText() + ": " + shape[0]
                    + " labels, but the embeddings have " + numItems + " rows; there must be one label a row");
        }
        int limit = numClassNames > 0 ? numClassNames : MAX_CLASSES;
        String range = numClassNames > 0 ? "0.." + (numClassNames - 1) + " (classNames lists " + numClassNames + ")"
                : "0.." + (MAX_CLASSES - 1);
        int size = header.itemSize();
        boolean unsigned = header.kind() == 'u';
        MessageDigest digest = Digests.sha256();
        digest.update(("i32 " + numItems + "\n").getBytes(StandardCharsets.US_ASCII));
        ByteBuffer ints = ByteBuffer.allocate(NpyFile.CHUNK_BYTES * 4).order(ByteOrder.LITTLE_ENDIAN);
        int[] max = {0};
        NpyFile.readData(path, header, (chunk, first) -> {
            ints.clear();
            for (long at = first; chunk.hasRemaining(); at++) {
                long value = NpyFile.integer(chunk, size, unsigned);
                if (value < 0 || value >= limit) {
                    String shown = unsigned && value < 0 ? Long.toUnsignedString(value) : Long.toString(value);
                    throw new MalformedDataException(part, "row " + at + " (byte " + (header.dataOffset() + at * size) + ")",
                            "label " + shown + " is outside " + range);
                }
                max[0] = Math.max(max[0], (int) value);
                ints.putInt((int) value);
            }
            digest.update(ints.flip());
        });
        return new Labels(numItems, max[0], HexFormat.of().formatHex(digest.digest()));
    }

    /** Kind i or u, 1, 2, 4 or 8 bytes, little-endian ('<'; '|' for single bytes; '=' as numpy on any common machine). */
    private static boolean isLittleEndianInteger(NpyFile.Header header) {
        int size = header.itemSize();
        char order = header.descr().charAt(0);
        return (header.kind() == 'i' || header.kind() == 'u') && (size == 1 || size == 2 || size == 4 || size == 8)
                && (order == '<' || order == '=' || (order == '|' && size == 1));
    }
}
