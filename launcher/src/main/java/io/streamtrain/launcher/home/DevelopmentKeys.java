package io.streamtrain.launcher.home;

import io.streamtrain.launcher.keys.KeyFiles;

import io.streamtrain.ml.trust.TrustConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The development key pair: models trained on the embedded broker without configured keys are signed with a pair kept
 * in one known folder ({@code dev-keys} in {@link StreamtrainHome}), so that
 * {@code score} and {@code models}, run later against that broker, verify them without any setting. The pair is only
 * used for a cluster on this machine (every bootstrap address a loopback address) and only when no key is configured:
 * a cluster elsewhere still needs explicit keys.
 */
public final class DevelopmentKeys {

    private static final String FOLDER = "dev-keys";

    private final Path folder;

    public DevelopmentKeys(Path folder) {
        this.folder = folder;
    }

    /** The development keys in their default folder. */
    public static DevelopmentKeys inDefaultFolder() {
        return new DevelopmentKeys(StreamtrainHome.folder().resolve(FOLDER));
    }

    public Path folder() {
        return folder;
    }

    /** The settings that sign and verify with the pair, creating it first if the folder has none. */
    public Map<String, String> signingSettings() {
        try {
            if (!Files.exists(folder.resolve(KeyFiles.PUBLIC_FILE)) || !Files.exists(folder.resolve(KeyFiles.PRIVATE_FILE))) {
                KeyFiles.writeNew(folder);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the development key pair in " + folder, e);
        }
        return Map.of(TrustConfig.SIGNING_KEY_FILE_CONFIG, folder.resolve(KeyFiles.PRIVATE_FILE).toString(),
                TrustConfig.VERIFY_KEY_FILE_CONFIG, folder.resolve(KeyFiles.PUBLIC_FILE).toString());
    }

    /**
     * {@code configuration} with the development public key added, when signatures are required, no public key is
     * configured (by key, file or environment), the cluster is on this machine and the pair exists; otherwise unchanged.
     */
    public Map<String, String> withVerifyKey(Map<String, String> configuration, Map<String, String> environment) {
        Path publicKey = folder.resolve(KeyFiles.PUBLIC_FILE);
        TrustConfig trust = new TrustConfig(configuration, environment::get);
        boolean verifyKeyGiven = !configuration.getOrDefault(TrustConfig.VERIFY_KEY_CONFIG, "").isBlank()
                || !configuration.getOrDefault(TrustConfig.VERIFY_KEY_FILE_CONFIG, "").isBlank()
                || !environment.getOrDefault(TrustConfig.VERIFY_KEY_ENV, "").isBlank();
        Optional<String> servers = Optional.ofNullable(configuration.get("kafka.bootstrap.servers"));
        if (!trust.required() || verifyKeyGiven || servers.isEmpty() || !isLocal(servers.get()) || !Files.isReadable(publicKey)) {
            return configuration;
        }
        Map<String, String> withKey = new HashMap<>(configuration);
        withKey.put(TrustConfig.VERIFY_KEY_FILE_CONFIG, publicKey.toString());
        return Map.copyOf(withKey);
    }

    /** Whether every address of a {@code bootstrap.servers} list is a loopback address of this machine. */
    public static boolean isLocal(String bootstrapServers) {
        return Arrays.stream(bootstrapServers.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .allMatch(DevelopmentKeys::isLoopback);
    }

    private static boolean isLoopback(String hostAndPort) {
        int colon = hostAndPort.lastIndexOf(':');
        String host = (colon < 0 ? hostAndPort : hostAndPort.substring(0, colon)).replace("[", "").replace("]", "");
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
