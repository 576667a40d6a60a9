package org.knlab.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * SHA-256 of a checkpoint's weight files: the model's identity in every result. Hashing 400 MB
 * takes seconds, so each file's hash is cached beside it ({@code FILE.sha256}), keyed by size and
 * modification time; a file that changes is hashed again.
 */
public final class WeightsDigest {

    private WeightsDigest() {}

    /** One file's hash, or for several shards the hash of their hashes in the given order. */
    public static String of(List<Path> files) throws IOException {
        if (files.size() == 1) {
            return ofFile(files.get(0));
        }
        MessageDigest combined = sha256();
        for (Path f : files) {
            combined.update(ofFile(f).getBytes(StandardCharsets.US_ASCII));
        }
        return HexFormat.of().formatHex(combined.digest());
    }

    static String ofFile(Path file) throws IOException {
        Path sidecar = file.resolveSibling(file.getFileName() + ".sha256");
        String stamp = Files.size(file) + " " + Files.getLastModifiedTime(file).toMillis();
        if (Files.isRegularFile(sidecar)) {
            String[] cached = Files.readString(sidecar).trim().split(" ", 2);
            if (cached.length == 2 && cached[1].equals(stamp)) {
                return cached[0];
            }
        }
        MessageDigest md = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 20];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        String hash = HexFormat.of().formatHex(md.digest());
        try {
            Files.writeString(sidecar, hash + " " + stamp + "\n");
        } catch (IOException readOnlyStore) {
            // A read-only checkpoint is fine: it is hashed again on the next load.
        }
        return hash;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
