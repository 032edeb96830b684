package dev.milotune.deploy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The checkout the tests run in (Maven runs them in the project directory), and YAML reading. */
final class RepositoryFiles {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private RepositoryFiles() {
    }

    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        if (!Files.isRegularFile(dir.resolve("pom.xml")) || !Files.isDirectory(dir.resolve("k8s"))) {
            throw new IllegalStateException("tests must run in the repository root (pom.xml and k8s/), not in " + dir);
        }
        return dir;
    }

    static Path path(String relative) {
        return root().resolve(relative);
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static String read(String relative) {
        return read(path(relative));
    }

    /** Every YAML document of a file, empty ones (comments only) left out. */
    static List<JsonNode> yamlDocuments(Path file) {
        List<JsonNode> documents = new ArrayList<>();
        // One tree per document (MappingIterator would unwrap a top-level list, as in a JSON 6902 patch).
        try (JsonParser parser = YAML.getFactory().createParser(file.toFile())) {
            while (parser.nextToken() != null) {
                JsonNode document = YAML.readTree(parser);
                if (document != null && !document.isNull() && !document.isMissingNode()) {
                    documents.add(document);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + root().relativize(file) + " as YAML: " + e.getMessage(), e);
        }
        return documents;
    }

    /** Files under a directory of the repository whose names end with the suffix, sorted. */
    static List<Path> files(String directory, String suffix) {
        try (Stream<Path> walk = Files.walk(path(directory))) {
            return walk.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }

    /** Java sources of the application (src/main/java), as text. */
    static List<String> mainSources() {
        return files("src/main/java", ".java").stream().map(RepositoryFiles::read).toList();
    }
}
