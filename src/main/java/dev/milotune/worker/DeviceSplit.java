package dev.milotune.worker;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.milotune.data.Datasets;
import dev.milotune.study.Seeds;

/**
 * A split of a training set placed on the training device once, so that a batch costs one index
 * gather there instead of a copy from the JVM: feature rows as one native array (items x item
 * shape), labels as one int64 array. Token bags stay in the JVM (a dense bag per item would not fit)
 * and are assembled per batch. Read-only after construction, so every slot of a worker shares it.
 */
final class DeviceSplit implements AutoCloseable {

    /** One batch: inputs as the network reads them and int64 labels, attached to the current scope. */
    record Batch(NDArray inputs, NDArray labels) {
    }

    private final Inputs inputs;
    private final int[] labelValues;
    private final java.util.Map<Double, int[]> samples = new java.util.concurrent.ConcurrentHashMap<>();
    private final NDManager manager;
    /** All items' features, or null where batches are assembled per batch (token bags). */
    private final NDArray features;
    private final NDArray labels;

    private DeviceSplit(Inputs inputs, int[] labelValues, NDManager manager, NDArray features, NDArray labels) {
        this.inputs = inputs;
        this.labelValues = labelValues;
        this.manager = manager;
        this.features = features;
        this.labels = labels;
    }

    /** {@code inputs} and their {@code labels} on {@code device}. */
    static DeviceSplit of(Inputs inputs, int[] labels, Device device) {
        if (labels.length != inputs.size()) {
            throw new IllegalArgumentException("a split has " + inputs.size() + " items but " + labels.length + " labels");
        }
        NDManager manager = NDManager.newBaseManager(device);
        try {
            long[] y = new long[labels.length];
            for (int i = 0; i < y.length; i++) {
                y[i] = labels[i];
            }
            NDArray features = inputs instanceof Inputs.Rows rows ? rows.onDevice(manager) : null;
            return new DeviceSplit(inputs, labels.clone(), manager, features, manager.create(y));
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    int size() {
        return inputs.size();
    }

    int[] itemShape() {
        return inputs.itemShape();
    }

    Device device() {
        return manager.getDevice();
    }

    /**
     * A fixed, class-stratified sample of {@code fraction} of the items, in item order: every trial
     * of every study is scored on the same sample of a split.
     */
    int[] stratifiedSample(double fraction) {
        return samples.computeIfAbsent(fraction,
                f -> Datasets.stratifiedSample(labelValues, f, Seeds.derive(0, Seeds.Stream.VALIDATION_SAMPLE)));
    }

    /** The items at {@code indices}, gathered on the device; the index array is made on {@code scratch}. */
    Batch batch(NDManager scratch, int[] indices) {
        long[] at = new long[indices.length];
        for (int i = 0; i < at.length; i++) {
            at[i] = indices[i];
        }
        NDArray index = scratch.create(at);
        NDArray x = features != null ? features.get(index) : inputs.batch(scratch, indices);
        return new Batch(x, labels.get(index));
    }

    /** Items {@code [from, to)} in order: views of the resident arrays where there are any. */
    Batch range(NDManager scratch, int from, int to) {
        NDIndex slice = new NDIndex().addSliceDim(from, to);
        if (features != null) {
            return new Batch(features.get(slice), labels.get(slice));
        }
        int[] indices = new int[to - from];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = from + i;
        }
        return new Batch(inputs.batch(scratch, indices), labels.get(slice));
    }

    @Override
    public void close() {
        manager.close();
    }

    /** Shape of {@code n} items of {@code itemShape}. */
    static Shape batchShape(int n, int[] itemShape) {
        long[] shape = new long[itemShape.length + 1];
        shape[0] = n;
        for (int d = 0; d < itemShape.length; d++) {
            shape[d + 1] = itemShape[d];
        }
        return new Shape(shape);
    }
}
