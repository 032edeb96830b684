package dev.milotune.worker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Checkpoints as files under one directory ({@code <data-dir>/checkpoints}; on Kubernetes a shared
 * volume). A reference is the path relative to that directory, so any worker that mounts it can
 * resume any trial. Files are written to a temporary name and moved into place, never half-written.
 */
final class CheckpointStore {

    private final Path root;

    CheckpointStore(Path root) {
        this.root = root;
    }

    String write(String studyId, String trialId, int attempt, Checkpoint checkpoint) {
        String reference = studyId + "/" + trialId + "/epoch-" + checkpoint.epochsDone() + "-attempt-" + attempt + ".ckpt";
        Path target = root.resolve(reference);
        try {
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(target.getParent(), "ckpt", ".tmp");
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(temp))) {
                checkpoint.write(out);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return reference;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + target, e);
        }
    }

    Checkpoint read(String reference) {
        Path file = root.resolve(reference).normalize();
        if (!file.startsWith(root.normalize())) {
            throw new InvalidTrialException("checkpoint reference " + reference + " leaves the checkpoint store");
        }
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file))) {
            return Checkpoint.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + file, e);
        }
    }
}
