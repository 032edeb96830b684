package dev.milotune.worker;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything a trial needs to go on after {@code epochsDone} epochs: parameters and optimiser
 * state. Random state needs no saving: shuffles and dropout masks derive from (seed, epoch, batch).
 */
record Checkpoint(int epochsDone, Map<String, float[]> parameters, UpdateRule.State optimizer) {

    private static final int MAGIC = 0x4D54434B; // "MTCK"
    private static final int VERSION = 1;

    void write(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeInt(MAGIC);
        data.writeInt(VERSION);
        data.writeInt(epochsDone);
        data.writeLong(optimizer.steps());
        writeArrays(data, parameters);
        writeArrays(data, optimizer.first());
        writeArrays(data, optimizer.second());
        data.flush();
    }

    static Checkpoint read(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        if (data.readInt() != MAGIC) {
            throw new IOException("not a milotune checkpoint");
        }
        int version = data.readInt();
        if (version != VERSION) {
            throw new IOException("checkpoint version " + version + ", but this worker reads version " + VERSION);
        }
        int epochs = data.readInt();
        long steps = data.readLong();
        Map<String, float[]> parameters = readArrays(data);
        Map<String, float[]> first = readArrays(data);
        Map<String, float[]> second = readArrays(data);
        return new Checkpoint(epochs, parameters, new UpdateRule.State(steps, first, second));
    }

    private static void writeArrays(DataOutputStream data, Map<String, float[]> arrays) throws IOException {
        data.writeInt(arrays.size());
        for (Map.Entry<String, float[]> e : arrays.entrySet()) {
            data.writeUTF(e.getKey());
            float[] values = e.getValue();
            data.writeInt(values.length);
            byte[] bytes = new byte[values.length * 4];
            java.nio.ByteBuffer.wrap(bytes).asFloatBuffer().put(values);
            data.write(bytes);
        }
    }

    private static Map<String, float[]> readArrays(DataInputStream data) throws IOException {
        int count = data.readInt();
        Map<String, float[]> arrays = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String name = data.readUTF();
            float[] values = new float[data.readInt()];
            byte[] bytes = new byte[values.length * 4];
            data.readFully(bytes);
            java.nio.ByteBuffer.wrap(bytes).asFloatBuffer().get(values);
            arrays.put(name, values);
        }
        return arrays;
    }
}
