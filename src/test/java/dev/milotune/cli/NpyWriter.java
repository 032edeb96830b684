package dev.milotune.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes .npy files (format 1.0, little-endian) for the command-line tests. */
final class NpyWriter {

    private NpyWriter() {
    }

    static void writeFloat32(Path path, float[][] rows) throws IOException {
        int n = rows.length;
        int d = rows[0].length;
        ByteBuffer data = ByteBuffer.allocate(4 * n * d).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] row : rows) {
            for (float v : row) {
                data.putFloat(v);
            }
        }
        write(path, "<f4", "(" + n + ", " + d + ")", data.array());
    }

    static void writeInt64(Path path, int[] labels) throws IOException {
        ByteBuffer data = ByteBuffer.allocate(8 * labels.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int label : labels) {
            data.putLong(label);
        }
        write(path, "<i8", "(" + labels.length + ",)", data.array());
    }

    static void writeInt32(Path path, int[] labels) throws IOException {
        ByteBuffer data = ByteBuffer.allocate(4 * labels.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int label : labels) {
            data.putInt(label);
        }
        write(path, "<i4", "(" + labels.length + ",)", data.array());
    }

    private static void write(Path path, String descr, String shape, byte[] data) throws IOException {
        StringBuilder header = new StringBuilder("{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }");
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
        Files.write(path, out.array());
    }
}
