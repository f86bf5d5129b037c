package io.streamtrain.broker;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BrokerPortsTest {

    @Test
    void shouldPickTwoDistinctPortsWhenNoneIsFixed() {
        BrokerPorts ports = BrokerPorts.resolve(EmbeddedBrokerSettings.defaults());

        assertThat(ports.client()).isPositive().isNotEqualTo(ports.controller());
        assertThat(ports.controller()).isPositive();
    }

    @Test
    void shouldKeepFixedPorts() {
        BrokerPorts clientFixed = BrokerPorts.resolve(EmbeddedBrokerSettings.defaults().withPort(19092));
        BrokerPorts both = BrokerPorts.resolve(
                EmbeddedBrokerSettings.defaults().withPort(19092).withControllerPort(19093));

        assertThat(clientFixed.client()).isEqualTo(19092);
        assertThat(clientFixed.controller()).isPositive().isNotEqualTo(19092);
        assertThat(both).isEqualTo(new BrokerPorts(19092, 19093));
    }
}
