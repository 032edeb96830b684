package dev.milotune.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints stay inside their store: no reference or link leads a write or a read outside it. */
class CheckpointStoreTest {

    @TempDir
    Path dir;

    static Checkpoint checkpoint() {
        return new Checkpoint(2, Map.of("w", new float[] {1, 2, 3}), new UpdateRule.State(4, Map.of(), Map.of()));
    }

    @Test
    void aCheckpointWrittenIsReadBack() {
        CheckpointStore store = new CheckpointStore(dir.resolve("checkpoints"));
        String reference = store.write(UUID.randomUUID().toString(), UUID.randomUUID().toString(), 0, checkpoint());
        assertThat(store.read(reference).parameters().get("w")).containsExactly(1, 2, 3);
    }

    @Test
    void referencesThatLeaveTheStoreAreRefused() throws Exception {
        CheckpointStore store = new CheckpointStore(dir.resolve("checkpoints"));
        Files.writeString(dir.resolve("secret"), "x");
        assertThatThrownBy(() -> store.read("../secret")).isInstanceOf(InvalidTrialException.class).hasMessageContaining("leaves");
        assertThatThrownBy(() -> store.write("../../outside", "t", 0, checkpoint())).isInstanceOf(InvalidTrialException.class);
        assertThat(dir.resolve("outside")).doesNotExist();
    }

    @Test
    void aLinkOutOfTheStoreIsNotFollowed() throws Exception {
        Path root = Files.createDirectories(dir.resolve("checkpoints"));
        Path outside = Files.createDirectories(dir.resolve("elsewhere"));
        String study = UUID.randomUUID().toString();
        Files.createSymbolicLink(root.resolve(study), outside);
        CheckpointStore store = new CheckpointStore(root);
        assertThatThrownBy(() -> store.write(study, UUID.randomUUID().toString(), 0, checkpoint()))
                .isInstanceOf(InvalidTrialException.class).hasMessageContaining("leaves the checkpoint store");
        try (var files = Files.list(outside)) {
            assertThat(files).isEmpty();
        }
        Files.writeString(outside.resolve("c.ckpt"), "x");
        assertThatThrownBy(() -> store.read(study + "/c.ckpt")).isInstanceOf(InvalidTrialException.class);
    }
}
