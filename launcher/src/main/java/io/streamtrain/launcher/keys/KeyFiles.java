package io.streamtrain.launcher.keys;

import io.streamtrain.ml.trust.Ed25519Keys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;

/** An Ed25519 model-signing pair as two PEM files in one folder: the private key readable by its owner only. */
public final class KeyFiles {

    /** The private key, for the trainer only. */
    public static final String PRIVATE_FILE = "model-signing.pem";
    /** The public key, for the trainer, the scorers and the operator commands. */
    public static final String PUBLIC_FILE = "model-verify.pem";

    private KeyFiles() {
    }

    /** Writes a new pair into {@code folder} (created if missing); never overwrites a file. */
    public static KeyPair writeNew(Path folder) throws IOException {
        Files.createDirectories(folder);
        KeyPair keys = Ed25519Keys.generate();
        writePrivate(folder.resolve(PRIVATE_FILE), Ed25519Keys.pem(keys.getPrivate()));
        Files.writeString(folder.resolve(PUBLIC_FILE), Ed25519Keys.pem(keys.getPublic()), StandardOpenOption.CREATE_NEW);
        return keys;
    }

    private static void writePrivate(Path file, String pem) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
        Files.writeString(file, pem, StandardOpenOption.TRUNCATE_EXISTING);
    }
}
