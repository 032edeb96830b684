package dev.milotune.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads NumPy {@code .npy} files (format versions 1-3): a float matrix (float32 or float64,
 * C or Fortran order, either byte order) and an integer vector (signed or unsigned, 1-8 bytes).
 * Errors name the file and what was found.
 */
final class NpyFile {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([a-zA-Z])(\\d+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private final Path path;
    private final ByteBuffer data;
    private final char kind;
    private final int itemSize;
    private final boolean fortranOrder;
    private final long[] shape;

    private NpyFile(Path path) throws IOException {
        this.path = path;
        ByteBuffer file;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
            file = mapped;
        }
        byte[] magic = new byte[MAGIC.length];
        if (file.remaining() < 10) {
            throw invalid("it is too short to be a .npy file");
        }
        file.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw invalid("it does not start with the .npy magic \\x93NUMPY");
        }
        int major = file.get() & 0xFF;
        file.get();
        file.order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = major == 1 ? file.getShort() & 0xFFFF : file.getInt() & 0xFFFFFFFFL;
        if (major < 1 || major > 3) {
            throw invalid("its format version is " + major + ", but only 1 to 3 are known");
        }
        byte[] headerBytes = new byte[(int) headerLength];
        file.get(headerBytes);
        String header = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher descr = DESCR.matcher(header);
        Matcher fortran = FORTRAN.matcher(header);
        Matcher shapeText = SHAPE.matcher(header);
        if (!descr.find() || !fortran.find() || !shapeText.find()) {
            throw invalid("its header is not a simple array header: " + header.trim());
        }
        char order = descr.group(1).charAt(0);
        kind = descr.group(2).charAt(0);
        itemSize = Integer.parseInt(descr.group(3));
        fortranOrder = fortran.group(1).equals("True");
        shape = Arrays.stream(shapeText.group(1).split(",")).map(String::trim).filter(s -> !s.isEmpty()).mapToLong(Long::parseLong).toArray();
        data = file.slice().order(order == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        long count = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        if ((long) data.remaining() < count * itemSize) {
            throw invalid("it holds " + data.remaining() + " data bytes, but shape " + Arrays.toString(shape) + " of " + itemSize
                    + "-byte items needs " + count * itemSize);
        }
    }

    /** An N x d matrix of float32 or float64 values (float64 is rounded to float32). */
    static float[][] readMatrix(Path path) throws IOException {
        NpyFile npy = new NpyFile(path);
        if (npy.kind != 'f' || (npy.itemSize != 4 && npy.itemSize != 8)) {
            throw npy.invalid("embeddings must be float32 or float64, but the dtype is " + npy.kind + npy.itemSize);
        }
        if (npy.shape.length != 2) {
            throw npy.invalid("embeddings must be a 2-D array N x d, but the shape is " + Arrays.toString(npy.shape));
        }
        int n = Math.toIntExact(npy.shape[0]);
        int d = Math.toIntExact(npy.shape[1]);
        float[][] rows = new float[n][d];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                long at = npy.fortranOrder ? (long) k * n + i : (long) i * d + k;
                rows[i][k] = npy.itemSize == 4 ? npy.data.getFloat((int) (at * 4)) : (float) npy.data.getDouble((int) (at * 8));
            }
        }
        return rows;
    }

    /** A vector of N integer labels (shape (N,) or (N, 1)); values must fit an int. */
    static int[] readLabels(Path path) throws IOException {
        NpyFile npy = new NpyFile(path);
        if ((npy.kind != 'i' && npy.kind != 'u') || !(npy.itemSize == 1 || npy.itemSize == 2 || npy.itemSize == 4 || npy.itemSize == 8)) {
            throw npy.invalid("labels must be integers, but the dtype is " + npy.kind + npy.itemSize);
        }
        if (!(npy.shape.length == 1 || (npy.shape.length == 2 && npy.shape[1] == 1))) {
            throw npy.invalid("labels must be a vector (N,) or (N, 1), but the shape is " + Arrays.toString(npy.shape));
        }
        int n = Math.toIntExact(npy.shape[0]);
        int[] labels = new int[n];
        boolean unsigned = npy.kind == 'u';
        for (int i = 0; i < n; i++) {
            int at = i * npy.itemSize;
            long value = switch (npy.itemSize) {
                case 1 -> unsigned ? npy.data.get(at) & 0xFFL : npy.data.get(at);
                case 2 -> unsigned ? npy.data.getShort(at) & 0xFFFFL : npy.data.getShort(at);
                case 4 -> unsigned ? npy.data.getInt(at) & 0xFFFFFFFFL : npy.data.getInt(at);
                default -> npy.data.getLong(at);
            };
            if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE || (unsigned && npy.itemSize == 8 && value < 0)) {
                throw npy.invalid("label " + (unsigned && value < 0 ? Long.toUnsignedString(value) : value) + " at row " + i + " does not fit a 32-bit int");
            }
            labels[i] = (int) value;
        }
        return labels;
    }

    private IllegalArgumentException invalid(String why) {
        return new IllegalArgumentException(path + ": " + why);
    }
}
