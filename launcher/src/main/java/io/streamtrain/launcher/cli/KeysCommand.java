package io.streamtrain.launcher.cli;

import io.streamtrain.launcher.keys.KeyFiles;
import io.streamtrain.ml.trust.Ed25519Keys;
import io.streamtrain.ml.trust.TrustConfig;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Model signing keys. */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Manages the keys that sign and verify models.",
        subcommands = KeysCommand.Generate.class)
public final class KeysCommand {

    /** Writes a new Ed25519 key pair as PEM files; never overwrites a file. */
    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Writes a new Ed25519 pair: " + KeyFiles.PRIVATE_FILE + " (private, for the trainer only) and "
                    + KeyFiles.PUBLIC_FILE + " (public, for the trainer, scorers and the models command).")
    static final class Generate implements Callable<Integer> {

        @Option(names = {"-o", "--out"}, defaultValue = ".", paramLabel = "DIR",
                description = "Directory to write the two files to (default: the current directory).")
        Path directory;

        @Option(names = "--keep-existing",
                description = "When both files exist already, keep them and succeed (for a set-up step that runs on every start).")
        boolean keepExisting;

        @Override
        public Integer call() throws IOException {
            Path privateFile = directory.resolve(KeyFiles.PRIVATE_FILE);
            Path publicFile = directory.resolve(KeyFiles.PUBLIC_FILE);
            if (keepExisting && Files.exists(privateFile) && Files.exists(publicFile)) {
                System.out.println("Keeping key " + Ed25519Keys.keyId(Ed25519Keys.publicKey(Files.readString(publicFile)))
                        + " in " + directory.toAbsolutePath());
                return 0;
            }
            for (Path file : new Path[] {privateFile, publicFile}) {
                if (Files.exists(file)) {
                    throw new FileAlreadyExistsException(file.toString(), null,
                            "refusing to overwrite a key; move it away or choose another --out");
                }
            }
            KeyPair keys = KeyFiles.writeNew(directory);
            System.out.println("Key " + Ed25519Keys.keyId(keys.getPublic()) + " written. Configure:");
            System.out.println("  trainer:  " + TrustConfig.SIGNING_KEY_FILE_CONFIG + "=" + privateFile.toAbsolutePath());
            System.out.println("  all:      " + TrustConfig.VERIFY_KEY_FILE_CONFIG + "=" + publicFile.toAbsolutePath());
            return 0;
        }
    }
}
