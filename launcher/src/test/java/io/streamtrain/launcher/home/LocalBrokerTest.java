package io.streamtrain.launcher.home;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalBrokerTest {

    @TempDir
    Path folder;

    @Test
    void shouldKeepTheAddressWhileTheRunLastAnnouncedIsRunning() {
        LocalBroker broker = new LocalBroker(folder);
        broker.announce("127.0.0.1:40001");
        broker.announce("127.0.0.1:40002");

        broker.withdraw("127.0.0.1:40001");
        assertThat(broker.address()).contains("127.0.0.1:40002");

        broker.withdraw("127.0.0.1:40002");
        assertThat(broker.address()).isEmpty();
    }
}
