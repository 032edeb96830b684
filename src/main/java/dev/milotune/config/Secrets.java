package dev.milotune.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Secrets the service makes (the admin token, the segment key, the embedded broker's passwords):
 * random from one {@link java.security.SecureRandom}, and kept in the data dir written whole or not
 * at all, readable by the owner only.
 */
public final class Secrets {

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private Secrets() {
    }

    /** {@code n} bytes from a {@link java.security.SecureRandom}. */
    public static byte[] random(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** 256 random bits as URL-safe base64 without padding (43 characters): passwords and tokens. */
    public static String randomText() {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random(32));
    }

    /** Writes {@code content} to {@code file} with mode 600, through a temporary file moved into place. */
    public static void write(Path file, byte[] content) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, "secret", ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(temp, content);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
