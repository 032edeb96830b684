package dev.milotune.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Downloads packages with the registries' own clients, so that their configuration (proxy,
 * mirror, credentials) applies: {@code npm pack} for npm, {@code apt-get download} for Debian.
 * Neither installs anything or runs package scripts. A test fixture's package is copied from the
 * class path.
 */
final class RegistryClients implements PackageDownloader {

    private static final Duration LIMIT = Duration.ofMinutes(10);
    private static final int OUTPUT_TAIL = 1500;

    @Override
    public Path download(PackageSource source, Path directory) {
        if (source instanceof PackageSource.Classpath fixture) {
            return copy(fixture, directory);
        }
        List<String> command;
        String hint;
        if (source instanceof PackageSource.Npm npm) {
            command = List.of("npm", "pack", npm.name() + "@" + npm.version(), "--ignore-scripts",
                    "--pack-destination", directory.toString());
            hint = "fetching needs the npm client (Debian package npm) and the npm registry reachable";
        } else {
            PackageSource.Debian debian = (PackageSource.Debian) source;
            command = List.of("apt-get", "download", debian.name() + "=" + debian.version());
            hint = "fetching needs apt-get with Debian's package lists current (run `apt-get update` once) and a"
                    + " Debian mirror reachable";
        }
        run(command, directory, source, hint);
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> downloaded = files.filter(Files::isRegularFile).toList();
            if (downloaded.size() != 1) {
                throw new FetchException(String.join(" ", command) + " succeeded but left " + downloaded.size()
                        + " files in " + directory + ", expected one package file");
            }
            return downloaded.get(0);
        } catch (IOException e) {
            throw new FetchException("cannot list " + directory + ": " + e.getMessage(), e);
        }
    }

    private static Path copy(PackageSource.Classpath fixture, Path directory) {
        try (InputStream in = RegistryClients.class.getResourceAsStream(fixture.resource())) {
            if (in == null) {
                throw new FetchException(fixture.describe() + " is not on the class path: the test fixtures ship with the test"
                        + " resources only");
            }
            Path file = directory.resolve(fixture.fileName());
            Files.copy(in, file);
            return file;
        } catch (IOException e) {
            throw new FetchException("cannot copy " + fixture.describe() + " into " + directory + ": " + e.getMessage(), e);
        }
    }

    private static void run(List<String> command, Path directory, PackageSource source, String hint) {
        Path log = directory.resolveSibling(directory.getFileName() + ".log");
        Process process;
        try {
            process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new FetchException("cannot run `" + command.get(0) + "` to fetch " + source.describe() + ": "
                    + e.getMessage() + "; " + hint, e);
        }
        try {
            if (!process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new FetchException("`" + String.join(" ", command) + "` did not finish within " + LIMIT.toMinutes()
                        + " minutes; " + hint);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new FetchException("interrupted while fetching " + source.describe(), e);
        }
        if (process.exitValue() != 0) {
            throw new FetchException("`" + String.join(" ", command) + "` failed with exit code " + process.exitValue()
                    + "; " + hint + ". Its output ends:\n" + tail(log));
        }
    }

    private static String tail(Path log) {
        try {
            String output = Files.readString(log, StandardCharsets.UTF_8).strip();
            return output.length() <= OUTPUT_TAIL ? output : "..." + output.substring(output.length() - OUTPUT_TAIL);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }
}
