package dev.milotune.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes the image models the encoder tests load: y = flatten(x) . W, a [784, d] matrix, as a
 * TorchScript archive and as an ONNX graph. DJL can run both formats but export neither
 * (TorchScript comes from torch.jit, ONNX from exporters), so the tests write the formats
 * themselves: TorchScript's zip of pickled module, code and tensor records (the layout
 * torch.jit.save produces), and ONNX's protobuf (onnx.proto, IR 7, opset 13).
 */
final class TestModels {

    private TestModels() {
    }

    /** A seeded [784, dimension] weight matrix, row-major. */
    static float[] weights(int dimension, long seed) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        float[] w = new float[784 * dimension];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (random.nextDouble() - 0.5);
        }
        return w;
    }

    /** What the model computes, in plain Java. */
    static float[] expected(float[] image, float[] w, int dimension) {
        float[] y = new float[dimension];
        for (int j = 0; j < dimension; j++) {
            double sum = 0;
            for (int i = 0; i < 784; i++) {
                sum += image[i] * w[i * dimension + j];
            }
            y[j] = (float) sum;
        }
        return y;
    }

    static Path torchScript(Path file, float[] w, int dimension) throws IOException {
        String code = String.join("\n",
                "class Embedder(Module):",
                "  __parameters__ = [\"weight\", ]",
                "  __buffers__ = []",
                "  weight : Tensor",
                "  training : bool",
                "  def forward(self: __torch__.Embedder,",
                "    x: Tensor) -> Tensor:",
                "    _0 = torch.matmul(torch.flatten(x, 1), self.weight)",
                "    return _0",
                "");
        Pickle data = new Pickle();
        data.global("__torch__", "Embedder").emptyTuple().op(0x81); // NEWOBJ
        data.op('}').op('(');                                           // EMPTY_DICT, MARK
        data.text("training").op(0x89);                                 // NEWFALSE
        data.text("weight").global("torch._utils", "_rebuild_tensor_v2").op('(');
        data.op('(').text("storage").global("torch", "FloatStorage").text("0").text("cpu").integer(w.length)
                .op('t').op('Q');                                       // TUPLE, BINPERSID
        data.integer(0);                                                // storage offset
        data.integer(784).integer(dimension).op(0x86);                  // size, TUPLE2
        data.integer(dimension).integer(1).op(0x86);                    // stride
        data.op(0x89);                                                  // requires_grad
        data.global("collections", "OrderedDict").emptyTuple().op('R'); // backward hooks
        data.op('t').op('R');                                           // TUPLE, REDUCE
        data.op('u').op('b').op('.');                                   // SETITEMS, BUILD, STOP
        Pickle constants = new Pickle().emptyTuple().op('.');
        ByteBuffer storage = ByteBuffer.allocate(w.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        storage.asFloatBuffer().put(w);
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            stored(zip, "embedder/data.pkl", data.bytes());
            stored(zip, "embedder/code/__torch__.py", code.getBytes(StandardCharsets.UTF_8));
            stored(zip, "embedder/constants.pkl", constants.bytes());
            stored(zip, "embedder/data/0", storage.array());
            stored(zip, "embedder/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        }
        return file;
    }

    static Path onnx(Path file, float[] w, int dimension) throws IOException {
        Proto flatten = new Proto().text(1, "x").text(2, "flat").text(3, "flatten").text(4, "Flatten")
                .message(5, new Proto().text(1, "axis").varint(3, 1).varint(20, 2));
        Proto matmul = new Proto().text(1, "flat").text(1, "W").text(2, "y").text(3, "matmul").text(4, "MatMul");
        ByteBuffer raw = ByteBuffer.allocate(w.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(w);
        Proto weight = new Proto().varint(1, 784).varint(1, dimension).varint(2, 1).text(8, "W").bytes(9, raw.array());
        Proto graph = new Proto().message(1, flatten).message(1, matmul).text(2, "embedder").message(5, weight)
                .message(11, valueInfo("x", new Object[] {"N", 1, 28, 28}))
                .message(12, valueInfo("y", new Object[] {"N", dimension}));
        Proto model = new Proto().varint(1, 7).text(2, "milotune-test").message(7, graph)
                .message(8, new Proto().text(1, "").varint(2, 13));
        Files.write(file, model.bytes());
        return file;
    }

    private static Proto valueInfo(String name, Object[] dims) {
        Proto shape = new Proto();
        for (Object dim : dims) {
            shape.message(1, dim instanceof String s ? new Proto().text(2, s) : new Proto().varint(1, (Integer) dim));
        }
        Proto tensor = new Proto().varint(1, 1).message(2, shape);
        return new Proto().text(1, name).message(2, new Proto().message(1, tensor));
    }

    private static void stored(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(bytes.length);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(bytes);
        zip.closeEntry();
    }

    /** Python pickle protocol 2, the opcodes TorchScript's unpickler reads. */
    private static final class Pickle {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Pickle() {
            out.write(0x80);
            out.write(2);
        }

        Pickle op(int code) {
            out.write(code);
            return this;
        }

        Pickle emptyTuple() {
            return op(')');
        }

        Pickle global(String module, String name) {
            op('c');
            write((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
            return this;
        }

        Pickle text(String value) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            op('X');
            write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(bytes.length).array());
            write(bytes);
            return this;
        }

        Pickle integer(int value) {
            op('J');
            write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array());
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        private void write(byte[] bytes) {
            out.write(bytes, 0, bytes.length);
        }
    }

    /** Protocol buffers wire format: varint and length-delimited fields. */
    private static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Proto varint(int field, long value) {
            raw(field << 3);
            raw(value);
            return this;
        }

        Proto text(int field, String value) {
            return bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        Proto message(int field, Proto message) {
            return bytes(field, message.bytes());
        }

        Proto bytes(int field, byte[] value) {
            raw((field << 3) | 2);
            raw(value.length);
            out.write(value, 0, value.length);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        private void raw(long value) {
            while ((value & ~0x7FL) != 0) {
                out.write((int) ((value & 0x7F) | 0x80));
                value >>>= 7;
            }
            out.write((int) value);
        }
    }

}
