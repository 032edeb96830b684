package dev.milotune.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The IDX format of MNIST and Fashion-MNIST (LeCun et al.): a big-endian magic (two zero bytes, a
 * type byte 0x08 for unsigned bytes, a dimension count), one int per dimension, then the data.
 * Images (3 dimensions) become float rows scaled to [0, 1]; labels (1 dimension) become ints.
 * Gzipped files are recognised by their first two bytes. Byte offsets in errors count in the
 * decompressed stream.
 */
final class IdxReader {

    private static final int UNSIGNED_BYTE = 0x08;

    /** Images and their shape [1, rows, columns]. */
    record Images(float[][] pixels, int[] shape) {
    }

    private IdxReader() {
    }

    static Images readImages(InputStream in, String source) throws IOException {
        try (Counting data = open(in, source)) {
            int[] dims = header(data, source, 3);
            int count = dims[0];
            int rows = dims[1];
            int columns = dims[2];
            int width = rows * columns;
            float[][] pixels = new float[count][width];
            byte[] row = new byte[width];
            for (int i = 0; i < count; i++) {
                data.fully(row, "image " + i + " of " + count + " (" + rows + "x" + columns + " bytes each)");
                float[] target = pixels[i];
                for (int p = 0; p < width; p++) {
                    target[p] = (row[p] & 0xFF) / 255f;
                }
            }
            return new Images(pixels, new int[] {1, rows, columns});
        }
    }

    static int[] readLabels(InputStream in, String source) throws IOException {
        try (Counting data = open(in, source)) {
            int count = header(data, source, 1)[0];
            byte[] raw = new byte[count];
            data.fully(raw, count + " label bytes");
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = raw[i] & 0xFF;
            }
            return labels;
        }
    }

    private static int[] header(Counting data, String source, int expectedDimensions) throws IOException {
        byte[] magic = new byte[4];
        data.fully(magic, "the 4-byte IDX magic number");
        if (magic[0] != 0 || magic[1] != 0) {
            throw new MalformedDataException(source, "byte 0",
                    String.format("expected an IDX magic number starting 00 00, found %02x %02x", magic[0], magic[1]));
        }
        if (magic[2] != UNSIGNED_BYTE) {
            throw new MalformedDataException(source, "byte 2",
                    String.format("expected data type 0x08 (unsigned byte), found 0x%02x", magic[2]));
        }
        if (magic[3] != expectedDimensions) {
            throw new MalformedDataException(source, "byte 3", "expected " + expectedDimensions
                    + (expectedDimensions == 1 ? " dimension (labels)" : " dimensions (images)") + ", found " + magic[3]);
        }
        int[] dims = new int[expectedDimensions];
        for (int d = 0; d < expectedDimensions; d++) {
            long offset = data.offset;
            byte[] size = new byte[4];
            data.fully(size, "the size of dimension " + d);
            dims[d] = ((size[0] & 0xFF) << 24) | ((size[1] & 0xFF) << 16) | ((size[2] & 0xFF) << 8) | (size[3] & 0xFF);
            if (dims[d] < 0 || (d > 0 && dims[d] == 0)) {
                throw new MalformedDataException(source, "byte " + offset,
                        "expected a positive size for dimension " + d + ", found " + dims[d]);
            }
        }
        return dims;
    }

    private static Counting open(InputStream raw, String source) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16);
        buffered.mark(2);
        int first = buffered.read();
        int second = buffered.read();
        buffered.reset();
        boolean gzipped = first == 0x1f && second == 0x8b;
        InputStream data = gzipped ? new GZIPInputStream(buffered, 1 << 16) : buffered;
        return new Counting(new DataInputStream(data), source, gzipped);
    }

    /** Reads exactly, tracking the offset so that a short or broken file is reported where it broke. */
    private static final class Counting implements AutoCloseable {
        private final DataInputStream in;
        private final String source;
        private final boolean gzipped;
        private long offset;

        Counting(DataInputStream in, String source, boolean gzipped) {
            this.in = in;
            this.source = source;
            this.gzipped = gzipped;
        }

        void fully(byte[] target, String expected) throws IOException {
            int read = 0;
            try {
                while (read < target.length) {
                    int n = in.read(target, read, target.length - read);
                    if (n < 0) {
                        throw new EOFException();
                    }
                    read += n;
                }
            } catch (EOFException e) {
                throw new MalformedDataException(source, where(offset + read),
                        "file is truncated: expected " + expected + ", but the data ended", e);
            } catch (ZipException e) {
                throw new MalformedDataException(source, where(offset + read),
                        "corrupt gzip stream (" + e.getMessage() + ") while reading " + expected, e);
            }
            offset += read;
        }

        private String where(long position) {
            return "byte " + position + (gzipped ? " of the decompressed data" : "");
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
