package dev.milotune.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A user's pre-trained image model (e.g. a CLIP or DINO image tower exported to ONNX or
 * TorchScript) used as the encoder. It takes a float batch [N, channels, height, width] with pixels
 * in [0, 1]; grey images are repeated over 3 channels and resized bilinearly when the model wants
 * that. Whatever it returns is flattened into one vector an image.
 *
 * @param model the .onnx or TorchScript (.pt) file
 * @param format which engine runs it
 * @param channels 1 or 3
 * @param height input height in pixels
 * @param width input width in pixels
 */
public record ImageModelSpec(Path model, Format format, int channels, int height, int width) {

    /** The model file formats DJL runs here. */
    public enum Format {
        ONNX,
        TORCHSCRIPT
    }

    public ImageModelSpec {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(format, "format");
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels is " + channels + ", but must be 1 or 3");
        }
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("input size is " + height + "x" + width + ", but both must be >= 1");
        }
    }
}
