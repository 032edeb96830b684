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
 * {@code MILOPLAN}, a format byte, then one zlib (deflate) stream. SGE subsets are stored as
 * bitmaps over their frequency-ranked universe, the WRE orders as zig-zag varint deltas with raw
 * float64 gains; the WRE
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

        writeSubsets(plan, out);
    }

    /**
     * SGE subsets as bitmaps over their universe (the items in at least one subset), ranked by
     * how many subsets contain them: graph cut keeps picking the typical items of a class, so
     * the bitmaps open with long runs of ones that deflate well (about 2.7x smaller than sorted
     * gaps at 60,000 items, 10 %, 300 subsets).
     */
    private static void writeSubsets(SubsetPlan plan, DataOutputStream out) throws IOException {
        int count = plan.numSubsets();
        writeVarint(out, count);
        writeVarint(out, plan.totalBudget());
        int[] frequency = new int[plan.numItems()];
        for (int s = 0; s < count; s++) {
            for (int index : plan.sgeSubsetView(s)) {
                frequency[index]++;
            }
        }
        int[] universe = java.util.stream.IntStream.range(0, frequency.length).filter(i -> frequency[i] > 0).toArray();
        writeVarint(out, universe.length);
        int next = 0;
        for (int index : universe) {
            writeVarint(out, index - next);
            next = index + 1;
        }
        for (int index : universe) {
            writeVarint(out, frequency[index]);
        }
        int[] rankOf = new int[plan.numItems()];
        int[] byRank = byFrequency(universe, frequency);
        for (int rank = 0; rank < byRank.length; rank++) {
            rankOf[byRank[rank]] = rank;
        }
        byte[] bitmap = new byte[(universe.length + 7) / 8];
        for (int s = 0; s < count; s++) {
            Arrays.fill(bitmap, (byte) 0);
            for (int index : plan.sgeSubsetView(s)) {
                int rank = rankOf[index];
                bitmap[rank >>> 3] |= (byte) (1 << (rank & 7));
            }
            out.write(bitmap);
        }
    }

    /** Universe items by descending frequency, ties by ascending index. */
    private static int[] byFrequency(int[] universe, int[] frequency) {
        long[] keys = new long[universe.length];
        for (int k = 0; k < universe.length; k++) {
            keys[k] = ((long) (Integer.MAX_VALUE - frequency[universe[k]]) << 32) | universe[k];
        }
        Arrays.sort(keys);
        int[] items = new int[keys.length];
        for (int k = 0; k < keys.length; k++) {
            items[k] = (int) keys[k];
        }
        return items;
    }

    private static int[][] readSubsets(DataInputStream in, int numItems, int maxCount) throws IOException {
        int count = bounded(readCount(in), maxCount);
        int length = bounded(readCount(in), numItems);
        int universeSize = bounded(readCount(in), numItems);
        int[] universe = new int[universeSize];
        long next = 0;
        for (int k = 0; k < universeSize; k++) {
            next += readVarint(in);
            universe[k] = Math.toIntExact(bounded(next, numItems - 1));
            next++;
        }
        int[] frequency = new int[numItems];
        for (int index : universe) {
            frequency[index] = bounded(readCount(in), count);
        }
        int[] byRank = byFrequency(universe, frequency);
        byte[] bitmap = new byte[(universeSize + 7) / 8];
        int[][] subsets = new int[count][];
        int[] seen = new int[numItems];
        for (int s = 0; s < count; s++) {
            in.readFully(bitmap);
            int[] subset = new int[length];
            int at = 0;
            for (int rank = 0; rank < universeSize; rank++) {
                if ((bitmap[rank >>> 3] & (1 << (rank & 7))) != 0) {
                    if (at == length) {
                        throw new IllegalArgumentException("subset plan is corrupt: SGE subset " + s + " has more than " + length + " items");
                    }
                    subset[at++] = byRank[rank];
                    seen[byRank[rank]]++;
                }
            }
            if (at != length) {
                throw new IllegalArgumentException("subset plan is corrupt: SGE subset " + s + " has " + at + " items, not " + length);
            }
            Arrays.sort(subset);
            subsets[s] = subset;
        }
        if (!Arrays.equals(seen, frequency)) {
            throw new IllegalArgumentException("subset plan is corrupt: SGE item frequencies do not match the subsets");
        }
        return subsets;
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

        int[][] subsets = readSubsets(in, key.numItems(), key.subsets());
        return new SubsetPlan(provenance, classes, sizes, budgets, subsets, orders);
    }

    private static int bounded(int count, int max) {
        return (int) bounded((long) count, max);
    }

    private static long bounded(long count, long max) {
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
