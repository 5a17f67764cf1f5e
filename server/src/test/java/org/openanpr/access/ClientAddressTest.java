package org.openanpr.access;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which address a request is counted against: X-Forwarded-For only from a trusted proxy, and never a made-up hop. */
class ClientAddressTest {
    final ClientAddress behindProxy = new ClientAddress(Set.of("10.0.0.2", "::1"));

    @Test
    void theHeaderCountsOnlyFromATrustedProxy() {
        assertThat(behindProxy.of("198.51.100.4", "203.0.113.9")).isEqualTo("198.51.100.4");
        assertThat(behindProxy.of("10.0.0.2", "203.0.113.9")).isEqualTo("203.0.113.9");
        assertThat(behindProxy.of("10.0.0.2", null)).isEqualTo("10.0.0.2");
        // the same proxy written another way
        assertThat(behindProxy.of("0:0:0:0:0:0:0:1", "203.0.113.9")).isEqualTo("203.0.113.9");
    }

    @Test
    void theClientIsTheLastHopThatIsNoTrustedProxyWhateverTheClientWroteBeforeIt() {
        assertThat(behindProxy.of("10.0.0.2", "1.2.3.4, 203.0.113.9")).isEqualTo("203.0.113.9");
        assertThat(behindProxy.of("10.0.0.2", "203.0.113.9, ::1")).isEqualTo("203.0.113.9");
        assertThat(behindProxy.of("10.0.0.2", "1.2.3.4, not-an-address")).isEqualTo("invalid X-Forwarded-For");
    }

    @Test
    void aTrustedProxyIsAnIpAddressNotAName() {
        assertThatThrownBy(() -> new ClientAddress(Set.of("proxy.example.nl"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an IP address");
        assertThat(ClientAddress.normalise("cafe")).isNull();
        assertThat(ClientAddress.normalise("[::1]")).isEqualTo("0:0:0:0:0:0:0:1");
    }
}
