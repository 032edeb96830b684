package dev.milotune.wire;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals that bind a worker's messages to a segment the orchestrator sent. The orchestrator puts
 * an HMAC-SHA256 of the segment's study, trial, attempt and epochs (under a key only it holds) in
 * the task; the worker echoes it in every report, outcome and heartbeat about that segment. A
 * message whose seal does not match the segment it names was not sent by a worker that received
 * that segment: it cannot speak for another trial, another study, other epochs or another attempt.
 */
public final class SegmentSeals {

    /** The shortest key accepted, in bytes. */
    public static final int MIN_KEY_BYTES = 32;

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    public SegmentSeals(byte[] key) {
        if (key == null || key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("a segment key needs at least " + MIN_KEY_BYTES + " bytes, not "
                    + (key == null ? 0 : key.length));
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /** The seal of a segment: 128 bits, URL-safe base64. */
    public String seal(String studyId, String trialId, int attempt, int epochFrom, int epochTo) {
        Mac mac = macs.get();
        byte[] digest = mac.doFinal((studyId + "\n" + trialId + "\n" + attempt + "\n" + epochFrom + "\n" + epochTo)
                .getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 16));
    }

    /**
     * Checks every segment a worker message names against its seal.
     *
     * @throws MalformedMessageException naming the message's segment when a seal does not match
     */
    public void check(WorkerMessage message) {
        if (message instanceof EpochReport r) {
            require(r.studyId(), r.trialId(), r.attempt(), r.epochFrom(), r.epochTo(), r.seal(), "seal");
        } else if (message instanceof SegmentOutcome o) {
            require(o.studyId(), o.trialId(), o.attempt(), o.epochFrom(), o.epochTo(), o.seal(), "seal");
        } else if (message instanceof Heartbeat h) {
            for (Heartbeat.RunningSegment s : h.running()) {
                require(s.studyId(), s.trialId(), s.attempt(), s.epochFrom(), s.epochTo(), s.seal(), "running.seal");
            }
        }
    }

    private void require(String studyId, String trialId, int attempt, int epochFrom, int epochTo, String seal, String field) {
        byte[] expected = seal(studyId, trialId, attempt, epochFrom, epochTo).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, seal.getBytes(StandardCharsets.UTF_8))) {
            throw new MalformedMessageException(field + " does not match segment [" + epochFrom + ", " + epochTo + ") of attempt "
                    + attempt + " of trial " + trialId + " of study " + studyId + ": no such segment was sent");
        }
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
