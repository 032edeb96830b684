package dev.milotune.selection;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/**
 * The compact binary form of a {@link SubsetPlan} (docs/selection-plan-schema.md): the magic
 * {@code MILOPLAN}, a format byte, then one zlib (deflate) stream. Sorted SGE subsets are stored
 * as LEB128 varint gaps, the WRE orders as zig-zag varint deltas with raw float64 gains; the WRE
 * probabilities are not stored, because they are a pure function of the orders and the
 * temperature and are recomputed on reading.
 */
final class PlanCodec {

    static final byte[] MAGIC = "MILOPLAN".getBytes(StandardCharsets.US_ASCII);
    static final int FORMAT = 1;

    private PlanCodec() {
    }

    static byte[] encode(SubsetPlan plan) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
            bytes.write(MAGIC);
            bytes.write(FORMAT);
            Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
            try (DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(bytes, deflater, 1 << 16))) {
                writeBody(plan, out);
            } finally {
                deflater.end();
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
    }

    static SubsetPlan decode(byte[] bytes) {
        if (bytes.length < MAGIC.length + 1 || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw new IllegalArgumentException("not a subset plan: the first bytes are not MILOPLAN");
        }
        int format = bytes[MAGIC.length];
        if (format != FORMAT) {
            throw new IllegalArgumentException("subset plan format is " + format + ", but this code reads format " + FORMAT);
        }
        ByteArrayInputStream raw = new ByteArrayInputStream(bytes, MAGIC.length + 1, bytes.length - MAGIC.length - 1);
        try (DataInputStream in = new DataInputStream(new InflaterInputStream(raw))) {
            SubsetPlan plan = readBody(in);
            if (in.read() != -1) {
                throw new IllegalArgumentException("subset plan has trailing bytes");
            }
            return plan;
        } catch (EOFException e) {
            throw new IllegalArgumentException("subset plan is truncated", e);
        } catch (ZipException e) {
            throw new IllegalArgumentException("subset plan is corrupt: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeBody(SubsetPlan plan, DataOutputStream out) throws IOException {
        PlanProvenance provenance = plan.provenance();
        PlanKey key = provenance.key();
        writeString(out, plan.id());
        writeString(out, key.codeVersion());
        writeString(out, key.embeddingsHash());
        writeString(out, key.labelsHash());
        writeString(out, key.encoderId());
        writeString(out, key.datasetHash());
        writeVarint(out, key.numItems());
        writeVarint(out, key.dimension());
        out.writeDouble(key.fraction());
        out.writeLong(key.seed());
        writeVarint(out, key.subsets());
        out.writeDouble(key.lambda());
        out.writeDouble(key.epsilon());
        writeString(out, key.importance().text());
        out.writeDouble(key.temperature());
        writeVarint(out, key.partitionSize());

        writeVarint(out, provenance.timings().size());
        for (StageTiming timing : provenance.timings()) {
            writeString(out, timing.stage());
            writeVarint(out, timing.millis());
        }
        writeVarint(out, provenance.peakResidentBytes());
        writeVarint(out, provenance.estimatedPeakBytes());
        out.writeDouble(provenance.wreProbabilityRatio());
        writeVarint(out, provenance.parallelism());
        writeVarint(out, provenance.groundSets());

        int[] classes = plan.classes();
        int[] sizes = plan.classSizes();
        int[] budgets = plan.budgets();
        writeVarint(out, classes.length);
        for (int c = 0; c < classes.length; c++) {
            writeSigned(out, classes[c]);
            writeVarint(out, sizes[c]);
            writeVarint(out, budgets[c]);
        }

        writeVarint(out, plan.wreOrders().size());
        for (GreedyOrder order : plan.wreOrders()) {
            writeSigned(out, order.label());
            writeVarint(out, order.partition());
            writeVarint(out, order.budget());
            writeVarint(out, order.size());
            int previous = 0;
            for (int k = 0; k < order.size(); k++) {
                writeSigned(out, (long) order.index(k) - previous);
                previous = order.index(k);
            }
            for (int k = 0; k < order.size(); k++) {
                out.writeDouble(order.gain(k));
            }
        }

        writeVarint(out, plan.numSubsets());
        for (int s = 0; s < plan.numSubsets(); s++) {
            int[] subset = plan.sgeSubsetView(s);
            writeVarint(out, subset.length);
            int next = 0; // gaps are >= 0 because indices are strictly ascending
            for (int index : subset) {
                writeVarint(out, index - next);
                next = index + 1;
            }
        }
    }

    private static SubsetPlan readBody(DataInputStream in) throws IOException {
        String id = readString(in);
        PlanKey key = new PlanKey(readString(in), readString(in), readString(in), readString(in), readString(in), readCount(in),
                readCount(in), in.readDouble(), in.readLong(), readCount(in), in.readDouble(), in.readDouble(),
                ImportanceFunction.parse(readString(in)), in.readDouble(), readCount(in));
        if (!key.id().equals(id)) {
            throw new IllegalArgumentException("subset plan id " + id + " does not match its content key " + key.id());
        }
        int timingCount = readCount(in);
        List<StageTiming> timings = new ArrayList<>();
        for (int t = 0; t < timingCount; t++) {
            timings.add(new StageTiming(readString(in), readVarint(in)));
        }
        PlanProvenance provenance = new PlanProvenance(key, timings, readVarint(in), readVarint(in), in.readDouble(), readCount(in), readCount(in));

        int classCount = readCount(in);
        int[] classes = new int[classCount];
        int[] sizes = new int[classCount];
        int[] budgets = new int[classCount];
        for (int c = 0; c < classCount; c++) {
            classes[c] = readSignedInt(in);
            sizes[c] = readCount(in);
            budgets[c] = readCount(in);
        }

        int orderCount = readCount(in);
        List<GreedyOrder> orders = new ArrayList<>();
        for (int o = 0; o < orderCount; o++) {
            int label = readSignedInt(in);
            int partition = readCount(in);
            int budget = readCount(in);
            int size = bounded(readCount(in), key.numItems());
            int[] indices = new int[size];
            long previous = 0;
            for (int k = 0; k < size; k++) {
                previous += readSigned(in);
                indices[k] = Math.toIntExact(previous);
            }
            double[] gains = new double[size];
            for (int k = 0; k < size; k++) {
                gains[k] = in.readDouble();
            }
            orders.add(new GreedyOrder(label, partition, budget, indices, gains));
        }

        int subsetCount = bounded(readCount(in), key.subsets());
        int[][] subsets = new int[subsetCount][];
        for (int s = 0; s < subsetCount; s++) {
            int length = bounded(readCount(in), key.numItems());
            int[] subset = new int[length];
            long next = 0;
            for (int k = 0; k < length; k++) {
                next += readVarint(in);
                subset[k] = Math.toIntExact(next);
                next++;
            }
            subsets[s] = subset;
        }
        return new SubsetPlan(provenance, classes, sizes, budgets, subsets, orders);
    }

    private static int bounded(int count, int max) {
        if (count > max) {
            throw new IllegalArgumentException("subset plan is corrupt: a count of " + count + " exceeds " + max);
        }
        return count;
    }

    static void writeVarint(DataOutputStream out, long value) throws IOException {
        if (value < 0) {
            throw new IllegalArgumentException("varint of negative " + value);
        }
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }

    static long readVarint(DataInputStream in) throws IOException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.readUnsignedByte();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("subset plan is corrupt: a varint is longer than 10 bytes");
    }

    private static void writeSigned(DataOutputStream out, long value) throws IOException {
        writeVarint(out, (value << 1) ^ (value >> 63));
    }

    private static long readSigned(DataInputStream in) throws IOException {
        long z = readVarint(in);
        return (z >>> 1) ^ -(z & 1);
    }

    private static int readSignedInt(DataInputStream in) throws IOException {
        return Math.toIntExact(readSigned(in));
    }

    private static int readCount(DataInputStream in) throws IOException {
        long value = readVarint(in);
        if (value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("subset plan is corrupt: a count of " + value + " exceeds the int range");
        }
        return (int) value;
    }

    private static void writeString(DataOutputStream out, String text) throws IOException {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        writeVarint(out, utf8.length);
        out.write(utf8);
    }

    private static String readString(DataInputStream in) throws IOException {
        int length = bounded(readCount(in), 1 << 20);
        byte[] utf8 = new byte[length];
        in.readFully(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
