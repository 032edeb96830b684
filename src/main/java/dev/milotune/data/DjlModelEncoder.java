package dev.milotune.data;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Locale;

/** A user-supplied ONNX or TorchScript image model run through DJL; see {@link ImageModelSpec}. */
final class DjlModelEncoder implements Encoder {

    static final String ID = "image-model";

    private final ImageModelSpec spec;
    private final String modelSha256;
    private final ZooModel<NDList, NDList> model;
    private final Predictor<NDList, NDList> predictor;
    private final int batchSize;
    private final int dimension;

    private DjlModelEncoder(ImageModelSpec spec, String modelSha256, ZooModel<NDList, NDList> model, int batchSize) {
        this.spec = spec;
        this.modelSha256 = modelSha256;
        this.model = model;
        this.predictor = model.newPredictor();
        this.batchSize = batchSize;
        this.dimension = run(new float[1][spec.channels() * spec.height() * spec.width()])[0].length;
    }

    static DjlModelEncoder open(ImageModelSpec spec, DataDirectory dataDir, int batchSize, int threads) {
        DjlSetup.configure(dataDir);
        if (!Files.isRegularFile(spec.model())) {
            throw new DataException("image model " + spec.model() + " does not exist or is not a file");
        }
        try {
            String sha = Digests.sha256Hex(spec.model());
            Criteria.Builder<NDList, NDList> criteria = Criteria.builder()
                    .setTypes(NDList.class, NDList.class)
                    .optModelPath(spec.model())
                    .optTranslator(new NoopTranslator());
            if (spec.format() == ImageModelSpec.Format.ONNX) {
                criteria.optEngine("OnnxRuntime")
                        .optOption("interOpNumThreads", "1")
                        .optOption("intraOpNumThreads", Integer.toString(threads));
            } else {
                criteria.optEngine("PyTorch");
            }
            return new DjlModelEncoder(spec, sha, criteria.build().loadModel(), batchSize);
        } catch (IOException | ModelNotFoundException | MalformedModelException e) {
            throw new DataException("cannot load " + spec.format() + " model " + spec.model() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String version() {
        return spec.format().name().toLowerCase(Locale.ROOT) + "-" + modelSha256.substring(0, 16) + ".in"
                + spec.channels() + "x" + spec.height() + "x" + spec.width();
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public DatasetKind accepts() {
        return DatasetKind.IMAGE;
    }

    @Override
    public synchronized float[][] embed(Items items, ProgressListener progress) {
        if (!(items instanceof Items.Features features) || features.shape().length != 3) {
            throw new IllegalArgumentException(ID + " embeds images of shape [channels, height, width]");
        }
        int[] shape = features.shape();
        float[][] rows = features.rows();
        float[][] out = new float[rows.length][];
        ProgressMeter meter = new ProgressMeter(ID + " embedding", rows.length, progress);
        for (int from = 0; from < rows.length; from += batchSize) {
            int to = Math.min(rows.length, from + batchSize);
            float[][] inputs = new float[to - from][];
            for (int i = from; i < to; i++) {
                inputs[i - from] = adapt(rows[i], shape[0], shape[1], shape[2]);
            }
            float[][] vectors = run(inputs);
            System.arraycopy(vectors, 0, out, from, vectors.length);
            meter.advance(to - from);
        }
        return out;
    }

    private float[][] run(float[][] inputs) {
        int pixels = spec.channels() * spec.height() * spec.width();
        float[] flat = new float[inputs.length * pixels];
        for (int i = 0; i < inputs.length; i++) {
            System.arraycopy(inputs[i], 0, flat, i * pixels, pixels);
        }
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray batch = manager.create(flat, new Shape(inputs.length, spec.channels(), spec.height(), spec.width()));
            NDList output = predictor.predict(new NDList(batch));
            float[] values = output.get(0).toFloatArray();
            output.close();
            int width = values.length / inputs.length;
            float[][] vectors = new float[inputs.length][width];
            for (int i = 0; i < inputs.length; i++) {
                System.arraycopy(values, i * width, vectors[i], 0, width);
            }
            return vectors;
        } catch (TranslateException e) {
            throw new DataException(ID + " " + spec.model() + ": inference failed: " + e.getMessage(), e);
        }
    }

    /** Repeats grey over the model's channels and resizes bilinearly (half-pixel centres) to its input size. */
    private float[] adapt(float[] image, int channels, int height, int width) {
        if (channels != 1 && channels != spec.channels()) {
            throw new IllegalArgumentException("images have " + channels + " channels; the model takes " + spec.channels());
        }
        int outH = spec.height();
        int outW = spec.width();
        float[] out = new float[spec.channels() * outH * outW];
        for (int c = 0; c < spec.channels(); c++) {
            int source = channels == 1 ? 0 : c;
            for (int y = 0; y < outH; y++) {
                double sy = Math.max(0, (y + 0.5) * height / outH - 0.5);
                int y0 = Math.min((int) sy, height - 1);
                int y1 = Math.min(y0 + 1, height - 1);
                double fy = sy - y0;
                for (int x = 0; x < outW; x++) {
                    double sx = Math.max(0, (x + 0.5) * width / outW - 0.5);
                    int x0 = Math.min((int) sx, width - 1);
                    int x1 = Math.min(x0 + 1, width - 1);
                    double fx = sx - x0;
                    int plane = source * height * width;
                    double top = image[plane + y0 * width + x0] * (1 - fx) + image[plane + y0 * width + x1] * fx;
                    double bottom = image[plane + y1 * width + x0] * (1 - fx) + image[plane + y1 * width + x1] * fx;
                    out[(c * outH + y) * outW + x] = (float) (top * (1 - fy) + bottom * fy);
                }
            }
        }
        return out;
    }

    @Override
    public synchronized void close() {
        predictor.close();
        model.close();
    }
}
