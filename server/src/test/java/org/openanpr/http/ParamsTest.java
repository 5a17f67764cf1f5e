package org.openanpr.http;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParamsTest {
    @Test
    void aTimeIsKeptToTheNearestMicrosecondAsTheDatabaseKeepsIt() {
        assertThat(Params.instant("from", "2026-11-23T08:15:00.123456789+01:00")).isEqualTo(Instant.parse("2026-11-23T07:15:00.123457Z"));
        assertThat(Params.instant("from", "2026-11-23T08:15:00.123456400+01:00")).isEqualTo(Instant.parse("2026-11-23T07:15:00.123456Z"));
        assertThat(Params.instant("to", "2026-12-31T23:59:59.9999996Z")).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
        assertThatThrownBy(() -> Params.instant("to", "1899-12-31T23:59:59Z")).hasMessageContaining("to");
    }
}
