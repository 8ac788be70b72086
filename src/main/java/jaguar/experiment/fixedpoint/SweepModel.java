package jaguar.experiment.fixedpoint;

import java.nio.file.Path;

/**
 * One model of a sweep.
 *
 * @param name a model-zoo name
 * @param weights a safetensors file, or null for synthetic weights
 * @param data {@code fashion-mnist}, {@code synthetic} or a safetensors file with {@code images}
 *     [n, C, H, W] (preprocessed) and optionally {@code labels} [n]
 * @param images how many images to run
 * @param size input height and width
 * @param calibrationImages synthetic images used to calibrate synthetic batch-norm statistics
 */
record SweepModel(String name, Path weights, String data, int images, int size, int calibrationImages) {}
