package dev.milotune.data;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The project's one reader of NumPy {@code .npy} files, format versions 1.0, 2.0 and 3.0
 * (numpy.lib.format): the magic {@code \x93NUMPY}, the version, the header length (2 bytes in 1.0,
 * 4 in 2.0 and 3.0, little-endian), a header that is a Python dict literal with exactly the keys
 * {@code descr}, {@code fortran_order} and {@code shape}, then the data. The header is parsed as
 * strictly as numpy's own reader parses it, and a file must hold exactly the bytes its header
 * declares. {@link #readMatrix} and {@link #readLabels} read what {@code milotune select} accepts
 * (float32 or float64 in either order; any integer type); stricter rules for uploads sit on top
 * ({@link RegisteredDatasets}). Errors are {@link MalformedDataException}s naming the file, the
 * byte offset (or row) and the rule.
 */
public final class NpyFile {

    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** Headers longer than this are refused (numpy's reader refuses more than 10,000 characters by default). */
    static final int MAX_HEADER_LENGTH = 65_535;
    /** Data is read this many bytes at a time (a multiple of every item size). */
    static final int CHUNK_BYTES = 1 << 20;

    /**
     * A parsed header.
     *
     * @param file the name errors give the file
     * @param major the format version, 1 to 3 (the minor version is always 0)
     * @param descr a simple dtype: byte order ({@code <}, {@code >}, {@code |} or {@code =}), kind letter, item size
     * @param fortranOrder whether the data is column-major
     * @param shape the array's dimensions
     * @param dataOffset where the data starts: the magic, version, length field and header text
     */
    public record Header(String file, int major, String descr, boolean fortranOrder, long[] shape, long dataOffset) {

        public Header {
            shape = shape.clone();
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }

        public char kind() {
            return descr.charAt(1);
        }

        public int itemSize() {
            return Integer.parseInt(descr.substring(2));
        }

        /** The order the items' bytes are in; {@code |} (not applicable) and {@code =} (native) read as little-endian. */
        public ByteOrder byteOrder() {
            return descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        }

        /** How many items the shape holds. */
        public long count() {
            long count = 1;
            for (long dimension : shape) {
                count = multiply(count, dimension);
            }
            return count;
        }

        /** How long the file must be: header and data. */
        public long fileSize() {
            return Math.addExact(dataOffset, multiply(count(), itemSize()));
        }

        /** The shape as Python writes it: {@code (240, 8)}, {@code (240,)}. */
        public String shapeText() {
            return shape.length == 1 ? "(" + shape[0] + ",)"
                    : Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", ", "(", ")"));
        }

        private long multiply(long a, long b) {
            try {
                return Math.multiplyExact(a, b);
            } catch (ArithmeticException e) {
                throw new MalformedDataException(file, "header", "shape " + shapeText() + " of '" + descr + "' is larger than any file can be");
            }
        }
    }

    /** Receives the data a chunk at a time; a chunk holds whole items, in the header's byte order. */
    @FunctionalInterface
    interface ChunkVisitor {
        /**
         * @param chunk the items' bytes, from its position to its limit
         * @param firstItem the index (in file order) of the chunk's first item
         */
        void accept(ByteBuffer chunk, long firstItem);
    }

    private NpyFile() {
    }

    /**
     * An N x d matrix of float32 or float64 values (float64 is rounded to float32), C or Fortran
     * order, either byte order; rows are items.
     */
    public static float[][] readMatrix(Path path) throws IOException {
        String file = path.toString();
        Header header = header(path, file);
        if (header.kind() != 'f' || (header.itemSize() != 4 && header.itemSize() != 8)) {
            throw new MalformedDataException(file, "header", "embeddings must be float32 or float64, but the dtype is "
                    + header.kind() + header.itemSize());
        }
        long[] shape = header.shape();
        if (shape.length != 2) {
            throw new MalformedDataException(file, "header", "embeddings must be a 2-D array N x d, but the shape is " + header.shapeText());
        }
        int n = toInt(header, shape[0]);
        int d = toInt(header, shape[1]);
        float[][] rows = new float[n][d];
        boolean fortran = header.fortranOrder();
        boolean single = header.itemSize() == 4;
        readData(path, header, (chunk, first) -> {
            for (long at = first; chunk.hasRemaining(); at++) {
                float value = single ? chunk.getFloat() : (float) chunk.getDouble();
                if (fortran) {
                    rows[(int) (at % n)][(int) (at / n)] = value;
                } else {
                    rows[(int) (at / d)][(int) (at % d)] = value;
                }
            }
        });
        return rows;
    }

    /** A vector of N integer labels (shape (N,) or (N, 1)), any integer type; values must fit an int. */
    public static int[] readLabels(Path path) throws IOException {
        String file = path.toString();
        Header header = header(path, file);
        int size = header.itemSize();
        if ((header.kind() != 'i' && header.kind() != 'u') || !(size == 1 || size == 2 || size == 4 || size == 8)) {
            throw new MalformedDataException(file, "header", "labels must be integers, but the dtype is " + header.kind() + size);
        }
        long[] shape = header.shape();
        if (!(shape.length == 1 || (shape.length == 2 && shape[1] == 1))) {
            throw new MalformedDataException(file, "header", "labels must be a vector (N,) or (N, 1), but the shape is " + header.shapeText());
        }
        int[] labels = new int[toInt(header, shape[0])];
        boolean unsigned = header.kind() == 'u';
        readData(path, header, (chunk, first) -> {
            for (long at = first; chunk.hasRemaining(); at++) {
                long value = integer(chunk, size, unsigned);
                if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE || (unsigned && value < 0)) {
                    throw new MalformedDataException(file, "row " + at, "label " + (unsigned && value < 0 ? Long.toUnsignedString(value) : value)
                            + " does not fit a 32-bit int");
                }
                labels[(int) at] = (int) value;
            }
        });
        return labels;
    }

    /**
     * The header of {@code path}, checked against the file: its magic, version and dict, and that
     * the file is exactly as long as the header says.
     *
     * @param file how errors name the file
     */
    public static Header header(Path path, String file) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = channel.size();
            Header header = parseHeader(channel, size, file);
            checkSize(header, size);
            return header;
        }
    }

    /** Reads the data of a file whose header was read with {@link #header}, in file order. */
    static void readData(Path path, Header header, ChunkVisitor visitor) throws IOException {
        int itemSize = header.itemSize();
        long remaining = header.fileSize() - header.dataOffset();
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK_BYTES).order(header.byteOrder());
        long item = 0;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.position(header.dataOffset());
            while (remaining > 0) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), remaining));
                long at = header.dataOffset() + item * itemSize;
                fill(channel, buffer, header.file(), at);
                buffer.flip();
                int items = buffer.remaining() / itemSize;
                visitor.accept(buffer, item);
                item += items;
                remaining -= (long) items * itemSize;
            }
        }
    }

    /** Reads one integer item of {@code size} bytes; unsigned 8-byte values above Long.MAX_VALUE come back negative. */
    static long integer(ByteBuffer chunk, int size, boolean unsigned) {
        return switch (size) {
            case 1 -> unsigned ? chunk.get() & 0xFFL : chunk.get();
            case 2 -> unsigned ? chunk.getShort() & 0xFFFFL : chunk.getShort();
            case 4 -> unsigned ? chunk.getInt() & 0xFFFFFFFFL : chunk.getInt();
            default -> chunk.getLong();
        };
    }

    private static Header parseHeader(FileChannel channel, long size, String file) throws IOException {
        ByteBuffer start = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        start.limit((int) Math.min(12, size));
        fill(channel, start, file, 0);
        start.flip();
        byte[] magic = new byte[Math.min(MAGIC.length, start.remaining())];
        start.get(magic);
        for (int i = 0; i < MAGIC.length; i++) {
            if (i >= magic.length || magic[i] != MAGIC[i]) {
                throw new MalformedDataException(file, "byte " + i, i >= magic.length
                        ? "the file ends before the .npy magic \\x93NUMPY is complete (" + size + " bytes in all)"
                        : "expected the .npy magic \\x93NUMPY, found " + describe(magic) + "; is this a .npy file (numpy.save)?");
            }
        }
        if (start.remaining() < 4) {
            throw new MalformedDataException(file, "byte " + size, "the file ends inside the .npy preamble (" + size + " bytes in all)");
        }
        int major = start.get() & 0xFF;
        int minor = start.get() & 0xFF;
        if (major < 1 || major > 3 || minor != 0) {
            throw new MalformedDataException(file, "byte 6", "the format version is " + major + "." + minor
                    + ", but must be 1.0, 2.0 or 3.0");
        }
        long headerLength;
        int lengthField;
        if (major == 1) {
            headerLength = start.getShort() & 0xFFFF;
            lengthField = 2;
        } else {
            if (start.remaining() < 4) {
                throw new MalformedDataException(file, "byte " + size, "the file ends inside the header length (" + size + " bytes in all)");
            }
            headerLength = start.getInt() & 0xFFFFFFFFL;
            lengthField = 4;
        }
        int textStart = 8 + lengthField;
        if (headerLength > MAX_HEADER_LENGTH) {
            throw new MalformedDataException(file, "byte 8", "the header length is " + headerLength + " bytes, but at most "
                    + MAX_HEADER_LENGTH + " are accepted");
        }
        if (textStart + headerLength > size) {
            throw new MalformedDataException(file, "byte " + size, "the file ends inside the header, which is declared as "
                    + headerLength + " bytes from byte " + textStart);
        }
        ByteBuffer text = ByteBuffer.allocate((int) headerLength);
        fill(channel.position(textStart), text, file, textStart);
        byte[] bytes = text.array();
        String decoded;
        if (major == 3) {
            try {
                decoded = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                throw new MalformedDataException(file, "byte " + textStart, "a version 3.0 header must be UTF-8, but is not");
            }
        } else {
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] < 0) {
                    throw new MalformedDataException(file, "byte " + (textStart + i), "a version " + major
                            + ".0 header must be ASCII, found byte 0x" + Integer.toHexString(bytes[i] & 0xFF));
                }
            }
            decoded = new String(bytes, StandardCharsets.US_ASCII);
        }
        return new HeaderParser(file, decoded, textStart, major == 3).parse(major, textStart + headerLength);
    }

    private static void checkSize(Header header, long size) {
        long expected = header.fileSize();
        String declared = "shape " + header.shapeText() + " of '" + header.descr() + "': " + header.dataOffset() + " header bytes and "
                + (expected - header.dataOffset()) + " data bytes, " + expected + " in all";
        if (size < expected) {
            long[] shape = header.shape();
            long rowBytes = header.itemSize();
            for (int i = 1; i < shape.length; i++) {
                rowBytes *= shape[i];
            }
            String row = shape.length > 0 && !header.fortranOrder() && rowBytes > 0
                    ? "; row " + (size - header.dataOffset()) / rowBytes + " is the first incomplete one" : "";
            throw new MalformedDataException(header.file(), "byte " + size, "the file ends here, but its header declares " + declared + row);
        }
        if (size > expected) {
            throw new MalformedDataException(header.file(), "byte " + expected, "the data ends here by its header (" + declared
                    + "), but the file goes on for " + (size - expected) + " more bytes");
        }
    }

    private static void fill(FileChannel channel, ByteBuffer buffer, String file, long at) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new MalformedDataException(file, "byte " + (at + buffer.position()), "the file ended early (did it change while it was read?)",
                        new EOFException());
            }
        }
    }

    private static int toInt(Header header, long value) {
        if (value > Integer.MAX_VALUE) {
            throw new MalformedDataException(header.file(), "header", "shape " + header.shapeText() + " holds more than "
                    + Integer.MAX_VALUE + " items in one array");
        }
        return (int) value;
    }

    private static String describe(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            text.append(b >= 0x20 && b < 0x7F ? String.valueOf((char) b) : String.format(Locale.ROOT, "\\x%02x", b & 0xFF));
        }
        return "'" + text + "'";
    }

    /**
     * The header dict, as numpy's {@code safe_eval} would read it: string keys in single or
     * double quotes, {@code descr} a simple dtype string, {@code fortran_order} True or False,
     * {@code shape} a tuple of non-negative integers; each key exactly once, no other key, and
     * only white space after the closing brace.
     */
    private static final class HeaderParser {

        private final String file;
        private final String text;
        private final int base;
        private final boolean utf8;
        private int pos;

        HeaderParser(String file, String text, int base, boolean utf8) {
            this.file = file;
            this.text = text;
            this.base = base;
            this.utf8 = utf8;
        }

        Header parse(int major, long dataOffset) {
            String descr = null;
            Boolean fortran = null;
            long[] shape = null;
            space();
            expect('{', "the header must be a dict '{...}'");
            space();
            while (!peek('}')) {
                int keyAt = pos;
                String key = string("a quoted key");
                space();
                expect(':', "expected ':' after the key '" + key + "'");
                space();
                int valueAt = pos;
                switch (key) {
                    case "descr" -> {
                        once(descr, key, keyAt);
                        if (peek('[')) {
                            throw error(valueAt, "descr is a list (a structured dtype); only plain numeric arrays are read");
                        }
                        descr = string("the dtype as a quoted string such as '<f4'");
                        if (!descr.matches("[<>|=][a-zA-Z][1-9][0-9]?")) {
                            throw error(valueAt, "descr '" + descr + "' is not a simple numeric dtype such as '<f4' or '<i8'");
                        }
                    }
                    case "fortran_order" -> {
                        once(fortran, key, keyAt);
                        fortran = word();
                    }
                    case "shape" -> {
                        once(shape, key, keyAt);
                        shape = tuple();
                    }
                    default -> throw error(keyAt, "unknown key '" + key + "'; a .npy header has exactly 'descr', 'fortran_order' and 'shape'");
                }
                space();
                if (peek(',')) {
                    pos++;
                    space();
                } else if (!peek('}')) {
                    throw error(pos, "expected ',' or '}' after the value of '" + key + "'");
                }
            }
            pos++;
            if (!text.substring(pos).isBlank()) {
                throw error(pos, "only spaces and a newline may follow the header dict");
            }
            if (descr == null || fortran == null || shape == null) {
                String missing = descr == null ? "descr" : fortran == null ? "fortran_order" : "shape";
                throw error(0, "the header has no '" + missing + "'; a .npy header has exactly 'descr', 'fortran_order' and 'shape'");
            }
            return new Header(file, major, descr, fortran, shape, dataOffset);
        }

        private void once(Object seen, String key, int at) {
            if (seen != null) {
                throw error(at, "the key '" + key + "' appears twice");
            }
        }

        private String string(String what) {
            if (!(peek('\'') || peek('"'))) {
                throw error(pos, "expected " + what);
            }
            char quote = text.charAt(pos);
            int end = text.indexOf(quote, pos + 1);
            if (end < 0) {
                throw error(pos, "the string is not closed");
            }
            String value = text.substring(pos + 1, end);
            if (value.indexOf('\\') >= 0) {
                throw error(pos, "escape sequences are not allowed in header strings");
            }
            pos = end + 1;
            return value;
        }

        private boolean word() {
            if (text.startsWith("True", pos)) {
                pos += 4;
                return true;
            }
            if (text.startsWith("False", pos)) {
                pos += 5;
                return false;
            }
            throw error(pos, "fortran_order must be True or False");
        }

        private long[] tuple() {
            int start = pos;
            expect('(', "shape must be a tuple such as (240, 8) or (240,)");
            long[] values = new long[0];
            boolean trailingComma = false;
            space();
            while (!peek(')')) {
                int at = pos;
                while (pos < text.length() && Character.isDigit(text.charAt(pos)) && text.charAt(pos) < 0x80) {
                    pos++;
                }
                if (at == pos) {
                    throw error(at, "shape must be a tuple of non-negative integers");
                }
                long value;
                try {
                    value = Long.parseLong(text.substring(at, pos));
                } catch (NumberFormatException e) {
                    throw error(at, "the dimension " + text.substring(at, pos) + " is too large");
                }
                if (peek('L')) {
                    pos++;
                }
                if (values.length == 32) {
                    throw error(at, "shape has more than 32 dimensions");
                }
                values = Arrays.copyOf(values, values.length + 1);
                values[values.length - 1] = value;
                space();
                trailingComma = peek(',');
                if (trailingComma) {
                    pos++;
                    space();
                } else if (!peek(')')) {
                    throw error(pos, "expected ',' or ')' in the shape");
                }
            }
            pos++;
            if (values.length == 1 && !trailingComma) {
                throw error(start, "shape " + text.substring(start, pos) + " is a number, not a tuple: a 1-D shape is written (N,)");
            }
            return values;
        }

        private void expect(char c, String message) {
            if (!peek(c)) {
                throw error(pos, message);
            }
            pos++;
        }

        private boolean peek(char c) {
            return pos < text.length() && text.charAt(pos) == c;
        }

        private void space() {
            while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t' || text.charAt(pos) == '\n'
                    || text.charAt(pos) == '\r')) {
                pos++;
            }
        }

        private MalformedDataException error(int at, String problem) {
            int clamped = Math.min(at, text.length());
            long offset = base + (utf8 ? text.substring(0, clamped).getBytes(StandardCharsets.UTF_8).length : clamped);
            return new MalformedDataException(file, "byte " + offset, problem + " (header: " + abbreviate(text.strip()) + ")");
        }

        private static String abbreviate(String header) {
            return header.length() <= 120 ? header : header.substring(0, 117) + "...";
        }
    }
}
