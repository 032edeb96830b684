package dev.milotune.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.milotune.testing.NpyWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one .npy reader: headers parsed as numpy parses them, files exactly as long as declared, errors naming the byte. */
class NpyFileTest {

    @TempDir
    Path dir;

    @Test
    void readsWhatNumpyWritesInEveryVersionOrderAndLayout() throws IOException {
        float[][] rows = {{1, 2, 3}, {4, 5, 6}};
        assertThat(NpyFile.readMatrix(file("c.npy", NpyWriter.float32(rows)))).isDeepEqualTo(rows);

        ByteBuffer fortran = ByteBuffer.allocate(6 * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : new double[] {1, 4, 2, 5, 3, 6}) {
            fortran.putDouble(v);
        }
        assertThat(NpyFile.readMatrix(file("f.npy", NpyWriter.npy("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }",
                fortran.array())))).isDeepEqualTo(rows);

        ByteBuffer big = ByteBuffer.allocate(6 * 4).order(ByteOrder.BIG_ENDIAN);
        for (float v : new float[] {1, 2, 3, 4, 5, 6}) {
            big.putFloat(v);
        }
        byte[] dict = "{\"shape\": (2L, 3L), \"fortran_order\": False, \"descr\": \">f4\"}".getBytes(StandardCharsets.US_ASCII);
        assertThat(NpyFile.readMatrix(file("v2.npy", versioned(2, dict, big.array())))).isDeepEqualTo(rows);
        assertThat(NpyFile.readMatrix(file("v3.npy", versioned(3, dict, big.array())))).isDeepEqualTo(rows);

        assertThat(NpyFile.readLabels(file("u1.npy", NpyWriter.uint8(new int[] {0, 255, 7})))).containsExactly(0, 255, 7);
        assertThat(NpyFile.readLabels(file("i8.npy", NpyWriter.int64(new int[] {3, -1})))).containsExactly(3, -1);
        assertThat(NpyFile.readLabels(file("col.npy", NpyWriter.npy("<i4", "(2, 1)", ints(5, 6))))).containsExactly(5, 6);
    }

    @Test
    void aHeaderThatIsNotExactlyNumpysIsRefusedAtItsByte() {
        byte[] data = new byte[8];
        assertThatThrownBy(() -> NpyFile.readMatrix(file("zip.npy", "PK\3\4 not numpy".getBytes(StandardCharsets.ISO_8859_1))))
                .isInstanceOf(MalformedDataException.class).hasMessageStartingWith(dir.resolve("zip.npy") + ", byte 0: expected the .npy magic");
        byte[] v4 = NpyWriter.npy("<f4", "(1, 2)", data);
        v4[6] = 4;
        assertThatThrownBy(() -> NpyFile.readMatrix(file("v4.npy", v4)))
                .hasMessageContaining("byte 6: the format version is 4.0, but must be 1.0, 2.0 or 3.0");
        String extra = "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2), 'extra': 1}";
        assertThatThrownBy(() -> NpyFile.readMatrix(file("key.npy", NpyWriter.npy(extra, data))))
                .hasMessageContaining("byte " + (10 + extra.indexOf("'extra'")) + ": unknown key 'extra'");
        assertThatThrownBy(() -> NpyFile.readMatrix(file("twice.npy", NpyWriter.npy(
                "{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (1, 2)}", data))))
                .hasMessageContaining("the key 'descr' appears twice");
        assertThatThrownBy(() -> NpyFile.readMatrix(file("missing.npy", NpyWriter.npy("{'descr': '<f4', 'shape': (1, 2)}", data))))
                .hasMessageContaining("byte 10: the header has no 'fortran_order'");
        assertThatThrownBy(() -> NpyFile.readMatrix(file("struct.npy", NpyWriter.npy(
                "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,)}", data))))
                .hasMessageContaining("descr is a list (a structured dtype)");
        assertThatThrownBy(() -> NpyFile.readLabels(file("int.npy", NpyWriter.npy("<i8", "(1)", data))))
                .hasMessageContaining("shape (1) is a number, not a tuple: a 1-D shape is written (N,)");
        assertThatThrownBy(() -> NpyFile.readMatrix(file("after.npy", NpyWriter.npy(
                "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2)} x", data))))
                .hasMessageContaining("only spaces and a newline may follow the header dict");
        byte[] long1 = NpyWriter.npy("<f4", "(1, 2)", data);
        long1[8] = (byte) 0xFF;
        long1[9] = (byte) 0x7F;
        assertThatThrownBy(() -> NpyFile.readMatrix(file("long.npy", long1)))
                .hasMessageContaining(", byte " + long1.length + ": the file ends inside the header, which is declared as 32767 bytes");
    }

    @Test
    void aFileMustHoldExactlyTheDataItsHeaderDeclares() {
        float[][] rows = new float[10][4];
        byte[] whole = NpyWriter.float32(rows);
        byte[] cut = Arrays.copyOf(whole, whole.length - 20);
        int headerBytes = whole.length - 160;
        assertThatThrownBy(() -> NpyFile.readMatrix(file("cut.npy", cut)))
                .hasMessage(dir.resolve("cut.npy") + ", byte " + cut.length + ": the file ends here, but its header declares shape (10, 4) of"
                        + " '<f4': " + headerBytes + " header bytes and 160 data bytes, " + whole.length
                        + " in all; row 8 is the first incomplete one");
        byte[] longer = Arrays.copyOf(whole, whole.length + 3);
        assertThatThrownBy(() -> NpyFile.readMatrix(file("longer.npy", longer)))
                .hasMessageContaining("byte " + whole.length + ": the data ends here by its header (shape (10, 4)")
                .hasMessageContaining("but the file goes on for 3 more bytes");
        assertThatThrownBy(() -> NpyFile.readMatrix(file("labels.npy", NpyWriter.int64(new int[] {1, 2}))))
                .hasMessageContaining("embeddings must be float32 or float64, but the dtype is i8");
    }

    private Path file(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static byte[] ints(int... values) {
        ByteBuffer data = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        data.asIntBuffer().put(values);
        return data.array();
    }

    /** A version 2.0 or 3.0 file: a 4-byte header length. */
    private static byte[] versioned(int major, byte[] dict, byte[] data) {
        byte[] header = Arrays.copyOf(dict, dict.length + 1);
        header[dict.length] = '\n';
        ByteBuffer out = ByteBuffer.allocate(12 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0}).putInt(header.length).put(header).put(data);
        return out.array();
    }
}
