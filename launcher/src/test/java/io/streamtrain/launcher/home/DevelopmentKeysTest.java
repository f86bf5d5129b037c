package io.streamtrain.launcher.home;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtrain.launcher.keys.KeyFiles;
import io.streamtrain.ml.trust.TrustConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevelopmentKeysTest {

    @TempDir
    Path folder;

    @Test
    void shouldCreateThePairOnceAndKeepThePrivateKeyToItsOwner() throws IOException {
        DevelopmentKeys keys = new DevelopmentKeys(folder.resolve("dev-keys"));

        Map<String, String> first = keys.signingSettings();
        String publicKey = Files.readString(folder.resolve("dev-keys").resolve(KeyFiles.PUBLIC_FILE));
        Map<String, String> second = keys.signingSettings();

        assertThat(second).isEqualTo(first);
        assertThat(Files.readString(folder.resolve("dev-keys").resolve(KeyFiles.PUBLIC_FILE))).isEqualTo(publicKey);
        assertThat(new TrustConfig(first).keysConfigured()).isTrue();
        assertThat(new TrustConfig(first).signer()).isNotNull();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                folder.resolve("dev-keys").resolve(KeyFiles.PRIVATE_FILE)))).isEqualTo("rw-------");
    }

    @Test
    void shouldGiveClientsThePublicKeyForABrokerOnThisMachineOnly() {
        DevelopmentKeys keys = new DevelopmentKeys(folder);
        keys.signingSettings();
        Map<String, String> local = Map.of("pipeline.name", "p", "kafka.bootstrap.servers", "127.0.0.1:40123");
        Map<String, String> remote = Map.of("pipeline.name", "p", "kafka.bootstrap.servers", "kafka.example.com:9092");

        assertThat(keys.withVerifyKey(local, Map.of())).containsEntry(TrustConfig.VERIFY_KEY_FILE_CONFIG,
                folder.resolve(KeyFiles.PUBLIC_FILE).toString());
        assertThat(keys.withVerifyKey(remote, Map.of())).isEqualTo(remote);
    }

    @Test
    void shouldNeverReplaceAConfiguredKeyOrApplyWithSigningOff() {
        DevelopmentKeys keys = new DevelopmentKeys(folder);
        keys.signingSettings();
        Map<String, String> configured = Map.of("kafka.bootstrap.servers", "localhost:9092", TrustConfig.VERIFY_KEY_FILE_CONFIG, "mine.pem");
        Map<String, String> off = Map.of("kafka.bootstrap.servers", "localhost:9092", TrustConfig.SIGNATURES_CONFIG, "off");
        Map<String, String> local = Map.of("kafka.bootstrap.servers", "localhost:9092");

        assertThat(keys.withVerifyKey(configured, Map.of())).isEqualTo(configured);
        assertThat(keys.withVerifyKey(off, Map.of())).isEqualTo(off);
        assertThat(keys.withVerifyKey(local, Map.of(TrustConfig.VERIFY_KEY_ENV, "PEM"))).isEqualTo(local);
    }

    @Test
    void shouldAddNothingBeforeAnyPairExists() {
        Map<String, String> local = Map.of("kafka.bootstrap.servers", "127.0.0.1:9092");

        assertThat(new DevelopmentKeys(folder.resolve("none")).withVerifyKey(local, Map.of())).isEqualTo(local);
    }
}
