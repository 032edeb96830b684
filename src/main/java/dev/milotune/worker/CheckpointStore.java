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
        this.root = root.toAbsolutePath().normalize();
    }

    /** The path of a reference, which must stay under the store's root once normalised. */
    private Path inside(String reference) {
        Path file = root.resolve(reference).normalize();
        if (!file.startsWith(root) || file.equals(root)) {
            throw new InvalidTrialException("checkpoint reference " + reference + " leaves the checkpoint store");
        }
        return file;
    }

    /** Creates {@code directory} one level at a time, never through a link that leads out of the store. */
    private void createInside(Path directory) throws IOException {
        Files.createDirectories(root);
        Path realRoot = root.toRealPath();
        Path at = root;
        for (Path name : root.relativize(directory)) {
            at = at.resolve(name);
            if (!Files.exists(at, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.createDirectory(at);
                } catch (java.nio.file.FileAlreadyExistsException raced) {
                    // Another slot or worker made it just now; it is checked below like any other.
                }
            }
            if (!at.toRealPath().startsWith(realRoot)) {
                throw new InvalidTrialException("checkpoint directory " + at + " leaves the checkpoint store (a link?)");
            }
        }
    }

    String write(String studyId, String trialId, int attempt, Checkpoint checkpoint) {
        String reference = studyId + "/" + trialId + "/epoch-" + checkpoint.epochsDone() + "-attempt-" + attempt + ".ckpt";
        Path target = inside(reference);
        try {
            createInside(target.getParent());
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
        Path file = inside(reference);
        try {
            if (!file.toRealPath().startsWith(root.toRealPath())) {
                throw new InvalidTrialException("checkpoint reference " + reference + " leaves the checkpoint store (a link?)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + file, e);
        }
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file))) {
            return Checkpoint.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + file, e);
        }
    }
}
