package dev.milotune.data;

import java.nio.file.Path;

/** Obtains a package file into an empty directory; the fetcher checks it and stages what it needs. */
@FunctionalInterface
interface PackageDownloader {

    /** @return the package file, inside {@code directory} */
    Path download(PackageSource source, Path directory);
}
