package io.streamtrain.ml.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RuntimeVersionsTest {

    @Test
    void shouldReadSmileVersionFromItsJar() {
        assertThat(RuntimeVersions.smile()).isEqualTo("6.3.0");
    }

    @Test
    void shouldKnowSmileVersionItWasBuiltAgainstForJarsWithoutSmilesManifest() {
        assertThat(RuntimeVersions.builtAgainstSmile()).isEqualTo("6.3.0");
    }

    @Test
    void shouldCallUnpackagedClassesDev() {
        // Tests run from target/classes, which has no manifest.
        assertThat(RuntimeVersions.streamtrain()).isEqualTo("dev");
    }
}
