package io.streamtrain.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RememberedPortsTest {

    @Test
    void shouldReadBackWhatWasWritten(@TempDir Path dataDir) {
        RememberedPorts.write(dataDir, new BrokerPorts(19092, 19093));

        assertThat(RememberedPorts.read(dataDir)).contains(new BrokerPorts(19092, 19093));
    }

    @Test
    void shouldRememberNothingInANewDirectory(@TempDir Path dataDir) {
        assertThat(RememberedPorts.read(dataDir)).isEmpty();
    }

    @Test
    void shouldIgnoreAnInvalidFile(@TempDir Path dataDir) throws Exception {
        Files.writeString(dataDir.resolve(RememberedPorts.FILE_NAME), "client.port=abc\ncontroller.port=19093\n");

        assertThat(RememberedPorts.read(dataDir)).isEmpty();
    }

    @Test
    void shouldFillInOnlyThePortsTheSettingsLeaveOpen() {
        BrokerPorts remembered = new BrokerPorts(19092, 19093);

        EmbeddedBrokerSettings open = RememberedPorts.fillIn(EmbeddedBrokerSettings.defaults(), remembered);
        EmbeddedBrokerSettings clientNamed = RememberedPorts.fillIn(EmbeddedBrokerSettings.defaults().withPort(29092), remembered);

        assertThat(open.port()).isEqualTo(19092);
        assertThat(open.controllerPort()).isEqualTo(19093);
        assertThat(clientNamed.port()).isEqualTo(29092);
        assertThat(clientNamed.controllerPort()).isEqualTo(19093);
    }

    @Test
    void shouldNotGiveBothRolesOnePort() {
        EmbeddedBrokerSettings named = EmbeddedBrokerSettings.defaults().withPort(19093);

        EmbeddedBrokerSettings filled = RememberedPorts.fillIn(named, new BrokerPorts(19092, 19093));

        assertThat(filled).isEqualTo(named);
    }
}
