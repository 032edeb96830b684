package dev.milotune.selection;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 content hashes of plan inputs, as lower-case hex. Callers can compute a plan id before
 * computing the plan (and look it up in a cache) with these and {@link PlanKey#id()}.
 */
public final class ContentHash {

    private ContentHash() {
    }

    /** Hash of "f32", N, d and the row-major little-endian float32 values. */
    public static String ofEmbeddings(float[][] embeddings) {
        MessageDigest digest = sha256();
        int d = embeddings.length == 0 ? 0 : embeddings[0].length;
        digest.update(("f32 " + embeddings.length + " " + d + "\n").getBytes(StandardCharsets.US_ASCII));
        ByteBuffer row = ByteBuffer.allocate(4 * d).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] values : embeddings) {
            if (values.length != d) {
                throw new IllegalArgumentException("embeddings rows differ in length: " + values.length + " and " + d);
            }
            row.clear();
            row.asFloatBuffer().put(values);
            digest.update(row.array(), 0, 4 * d);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Hash of "i32", N and the little-endian int32 labels. */
    public static String ofLabels(int[] labels) {
        MessageDigest digest = sha256();
        digest.update(("i32 " + labels.length + "\n").getBytes(StandardCharsets.US_ASCII));
        ByteBuffer buffer = ByteBuffer.allocate(4 * labels.length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asIntBuffer().put(labels);
        digest.update(buffer.array());
        return HexFormat.of().formatHex(digest.digest());
    }

    public static String sha256Hex(String text) {
        return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}
