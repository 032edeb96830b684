package dev.milotune.data;

import java.nio.file.Path;

/**
 * The data directory the encoder tests share: DJL's natives (about 430 MB for PyTorch) and the
 * MiniLM copy are extracted once under target/ rather than once a test.
 */
final class TestData {

    private TestData() {
    }

    static DataDirectory directory() {
        return new DataDirectory(Path.of("target", "test-data"));
    }
}
