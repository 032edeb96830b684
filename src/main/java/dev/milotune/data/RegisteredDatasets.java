package dev.milotune.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The store of registered datasets: {@code <data-dir>/datasets/user/<name>/} holds
 * {@code embeddings.npy} and {@code labels.npy} as uploaded and {@code dataset.json} (N, d, class
 * names, hashes, when and by whom). A dataset appears whole or not at all: its directory is
 * assembled beside the others and renamed into place. A name, once registered, keeps its content:
 * registering the same content again changes nothing, other content is a {@link Registration.Conflict}.
 *
 * <p>The content hash is SHA-256 of {@code "milotune-registered-dataset/1\nembeddings=<hash>\nlabels=<hash>\nclasses=<JSON array>\n"},
 * with the embeddings' and labels' hashes of {@link UploadedArrays}: it names the content, not the
 * files' headers, and is the dataset hash of the dataset's plans.
 */
public final class RegisteredDatasets {

    static final String EMBEDDINGS = "embeddings.npy";
    static final String LABELS = "labels.npy";
    static final String DESCRIPTION = "dataset.json";
    private static final String UPLOADS = ".uploads";
    private static final String STAGING = ".staging-";
    private static final int FORMAT = 1;
    /** Longest class name, in characters. */
    static final int MAX_CLASS_NAME = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;

    public RegisteredDatasets(DataDirectory dataDir) {
        this.root = dataDir.userDatasets();
    }

    /** A fresh directory for one upload's files, on the store's file system, so that storing them is a rename. */
    public Path newUploadDirectory() throws IOException {
        return Files.createDirectories(root.resolve(UPLOADS).resolve(UUID.randomUUID().toString()));
    }

    /** Removes what interrupted uploads and registrations left behind; call when nothing is being uploaded (start-up). */
    public void removeLeftovers() throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> entries = Files.list(root)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (name.equals(UPLOADS) || name.startsWith(STAGING)) {
                    deleteTree(entry);
                }
            }
        }
    }

    /**
     * Checks and stores a dataset: the files are moved into the store when it is created, and left
     * where they are otherwise.
     *
     * @param embeddings an N x d {@code <f4} .npy file (see {@link UploadedArrays#embeddings})
     * @param labels N integer labels (see {@link UploadedArrays#labels})
     * @param classNames the classes' names, labels index them; without, "0" .. the largest label
     * @throws MalformedDataException naming the file ({@code embeddings}, {@code labels}), where and the rule
     */
    public Registration register(String name, Path embeddings, Path labels, Optional<List<String>> classNames, String owner,
            Instant now) throws IOException {
        Path target = directory(name).orElseThrow(() -> new IllegalArgumentException("'" + name + "' cannot name a directory in " + root));
        if (Catalogue.find(name).isPresent()) {
            throw new IllegalArgumentException(name + " is a catalogue dataset");
        }
        UploadedArrays.Embeddings e = UploadedArrays.embeddings(embeddings, "embeddings");
        UploadedArrays.Labels l = UploadedArrays.labels(labels, "labels", e.numItems(), classNames.map(List::size).orElse(0));
        List<String> names = classNames.orElseGet(() -> IntStream.rangeClosed(0, l.maxLabel()).mapToObj(Integer::toString).toList());
        String hash = contentHash(e.hash(), l.hash(), names);
        Optional<Registration> existing = existing(name, hash);
        if (existing.isPresent()) {
            return existing.get();
        }
        RegisteredDataset dataset = new RegisteredDataset(name, e.numItems(), e.dimension(), names, hash, e.hash(), l.hash(), now, owner);
        Path staging = root.resolve(STAGING + UUID.randomUUID());
        try {
            Files.createDirectories(staging);
            Files.move(embeddings, staging.resolve(EMBEDDINGS));
            Files.move(labels, staging.resolve(LABELS));
            Files.writeString(staging.resolve(DESCRIPTION), describe(dataset), StandardCharsets.UTF_8);
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                return new Registration.Created(dataset);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException raced) {
                return existing(name, hash).orElseThrow(() -> new DataException("registered dataset " + name
                        + ": its directory appeared while it was stored, without " + DESCRIPTION, raced));
            }
        } finally {
            deleteTree(staging);
        }
    }

    /** The registered dataset of that name; a catalogue name never names one. */
    public Optional<RegisteredDataset> find(String name) {
        Optional<Path> dir = directory(name);
        if (dir.isEmpty() || Catalogue.find(name).isPresent()) {
            return Optional.empty();
        }
        Path description = dir.get().resolve(DESCRIPTION);
        String text;
        try {
            text = Files.readString(description, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + description, e);
        }
        return Optional.of(parse(text, description));
    }

    /** Every registered dataset, by name. */
    public List<RegisteredDataset> list() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(root)) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted()
                    .map(this::find).flatMap(Optional::stream).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }

    /** The stored embeddings, N x d, rows in upload order. */
    public float[][] embeddings(RegisteredDataset dataset) throws IOException {
        return NpyFile.readMatrix(directory(dataset.name()).orElseThrow().resolve(EMBEDDINGS));
    }

    /** The stored labels, N, in upload order. */
    public int[] labels(RegisteredDataset dataset) throws IOException {
        return NpyFile.readLabels(directory(dataset.name()).orElseThrow().resolve(LABELS));
    }

    /**
     * Class names from a JSON array of strings: 1 to 100,000 distinct names, each 1 to 200
     * characters and not blank.
     *
     * @throws MalformedDataException naming {@code classNames}, where and the rule
     */
    public static List<String> classNames(String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new MalformedDataException("classNames", "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr(),
                    "expected a JSON array of strings: " + e.getOriginalMessage());
        }
        if (node == null || !node.isArray()) {
            throw new MalformedDataException("classNames", "line 1", "expected a JSON array of strings, such as [\"cat\", \"dog\"]");
        }
        if (node.isEmpty() || node.size() > UploadedArrays.MAX_CLASSES) {
            throw new MalformedDataException("classNames", "element 0", "lists " + node.size() + " names, but must list 1 to "
                    + UploadedArrays.MAX_CLASSES);
        }
        List<String> names = new ArrayList<>(node.size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode element = node.get(i);
            if (!element.isTextual() || element.asText().isBlank() || element.asText().length() > MAX_CLASS_NAME) {
                throw new MalformedDataException("classNames", "element " + i, "expected a name of 1 to " + MAX_CLASS_NAME
                        + " characters, found " + (element.isTextual() ? "'" + abbreviate(element.asText()) + "'" : element.getNodeType()));
            }
            if (!seen.add(element.asText())) {
                throw new MalformedDataException("classNames", "element " + i, "'" + abbreviate(element.asText())
                        + "' is listed twice; class names must be distinct");
            }
            names.add(element.asText());
        }
        return List.copyOf(names);
    }

    static String contentHash(String embeddingsHash, String labelsHash, List<String> classNames) {
        try {
            return Digests.sha256Hex(("milotune-registered-dataset/" + FORMAT + "\nembeddings=" + embeddingsHash + "\nlabels=" + labelsHash
                    + "\nclasses=" + JSON.writeValueAsString(classNames) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of strings is always JSON", e);
        }
    }

    private Optional<Registration> existing(String name, String hash) {
        return find(name).map(other -> other.contentHash().equals(hash) ? new Registration.Unchanged(other)
                : new Registration.Conflict(other, hash));
    }

    /** The directory of {@code name}: a plain child of the store, never hidden, never elsewhere. */
    private Optional<Path> directory(String name) {
        if (name == null || name.isEmpty() || name.length() > 100 || name.startsWith(".") || !name.chars().allMatch(
                c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-')) {
            return Optional.empty();
        }
        return Optional.of(root.resolve(name));
    }

    private static String describe(RegisteredDataset dataset) throws JsonProcessingException {
        ObjectNode json = JSON.createObjectNode();
        json.put("format", FORMAT);
        json.put("name", dataset.name());
        json.put("numItems", dataset.numItems());
        json.put("dimension", dataset.dimension());
        json.put("encoder", RegisteredDataset.ENCODER);
        json.put("contentHash", dataset.contentHash());
        json.put("embeddingsHash", dataset.embeddingsHash());
        json.put("labelsHash", dataset.labelsHash());
        json.put("createdAt", dataset.createdAt().toString());
        json.put("owner", dataset.owner());
        ArrayNode classes = json.putArray("classNames");
        dataset.classNames().forEach(classes::add);
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n";
    }

    private static RegisteredDataset parse(String text, Path description) {
        try {
            JsonNode json = JSON.readTree(text);
            if (json.path("format").asInt() != FORMAT) {
                throw new DataException(description + ": format " + json.path("format") + ", but this code reads format " + FORMAT);
            }
            List<String> classes = new ArrayList<>();
            json.path("classNames").forEach(c -> classes.add(c.asText()));
            return new RegisteredDataset(json.path("name").asText(), json.path("numItems").asInt(), json.path("dimension").asInt(), classes,
                    json.path("contentHash").asText(), json.path("embeddingsHash").asText(), json.path("labelsHash").asText(),
                    Instant.parse(json.path("createdAt").asText()), json.path("owner").asText());
        } catch (JsonProcessingException | DateTimeParseException e) {
            throw new DataException(description + " is not a dataset description: " + e.getMessage(), e);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    private static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
