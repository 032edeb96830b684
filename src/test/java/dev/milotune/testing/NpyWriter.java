package dev.milotune.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes .npy files (format 1.0, little-endian, as numpy.save does) for tests. */
public final class NpyWriter {

    private NpyWriter() {
    }

    public static void writeFloat32(Path path, float[][] rows) throws IOException {
        Files.write(path, float32(rows));
    }

    public static void writeInt64(Path path, int[] labels) throws IOException {
        Files.write(path, int64(labels));
    }

    public static void writeInt32(Path path, int[] labels) throws IOException {
        Files.write(path, int32(labels));
    }

    /** An N x d {@code <f4} file, C order. */
    public static byte[] float32(float[][] rows) {
        int n = rows.length;
        int d = rows[0].length;
        ByteBuffer data = ByteBuffer.allocate(4 * n * d).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] row : rows) {
            for (float v : row) {
                data.putFloat(v);
            }
        }
        return npy("<f4", "(" + n + ", " + d + ")", data.array());
    }

    public static byte[] int64(int[] labels) {
        ByteBuffer data = ByteBuffer.allocate(8 * labels.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int label : labels) {
            data.putLong(label);
        }
        return npy("<i8", "(" + labels.length + ",)", data.array());
    }

    public static byte[] int32(int[] labels) {
        ByteBuffer data = ByteBuffer.allocate(4 * labels.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int label : labels) {
            data.putInt(label);
        }
        return npy("<i4", "(" + labels.length + ",)", data.array());
    }

    public static byte[] uint8(int[] labels) {
        byte[] data = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            data[i] = (byte) labels[i];
        }
        return npy("|u1", "(" + labels.length + ",)", data);
    }

    /** A version 1.0 file with the given dtype, shape text (Python tuple) and data, header padded to 64 bytes. */
    public static byte[] npy(String descr, String shape, byte[] data) {
        return npy("{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }", data);
    }

    /** A version 1.0 file with the given header dict text and data, header padded to 64 bytes. */
    public static byte[] npy(String dict, byte[] data) {
        StringBuilder header = new StringBuilder(dict);
        while ((10 + header.length() + 1) % 64 != 0) {
            header.append(' ');
        }
        header.append('\n');
        byte[] headerBytes = header.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer out = ByteBuffer.allocate(10 + headerBytes.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        out.putShort((short) headerBytes.length);
        out.put(headerBytes);
        out.put(data);
        return out.array();
    }
}
