package org.openanpr.zone;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ZoneRulesPropertyTest {
    static final ZoneRules ZE = ZoneRulesTest.ZE;

    static Vehicle vehicle(String category, String fuel, Integer euro, int admittedDays) {
        return new Vehicle("VXX01X", null, null, null, category, Set.of(fuel), euro, 3000,
                LocalDate.of(2000, 1, 1).plusDays(admittedDays));
    }

    @Property
    void aZeroEmissionVehicleIsNeverAViolation(@ForAll("categories") String category, @ForAll @IntRange(min = 0, max = 15000) int admitted,
                                               @ForAll @IntRange(min = 0, max = 7000) int dayOffset) {
        Instant at = Instant.parse("2024-06-01T10:00:00Z").plusSeconds(86400L * dayOffset);
        for (String fuel : List.of("ELEKTRICITEIT", "WATERSTOF"))
            assertThat(ZE.decide(new ZoneRules.Sighting("VXX01X", "NL", 0.9f, at), false, vehicle(category, fuel, null, admitted)).outcome())
                    .isEqualTo(Decision.Outcome.COMPLIANT);
    }

    @Property
    void anExemptionAlwaysWinsAndNoReadBelowTheMinimumIsEverAViolation(@ForAll("categories") String category,
            @ForAll @IntRange(min = 0, max = 7) int euro, @ForAll @IntRange(min = 0, max = 7000) int dayOffset, @ForAll boolean exempt) {
        Instant at = Instant.parse("2024-06-01T10:00:00Z").plusSeconds(86400L * dayOffset);
        Vehicle v = vehicle(category, "DIESEL", euro, 3000);
        Decision low = ZE.decide(new ZoneRules.Sighting("VXX01X", "NL", 0.5f, at), exempt, v);
        assertThat(low.outcome()).isNotEqualTo(Decision.Outcome.VIOLATION);
        Decision d = ZE.decide(new ZoneRules.Sighting("VXX01X", "NL", 0.95f, at), true, v);
        assertThat(d.outcome()).isIn(Decision.Outcome.EXEMPT, Decision.Outcome.COMPLIANT);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> categories() {
        return net.jqwik.api.Arbitraries.of("M1", "N1", "N2", "N3", "L3E");
    }
}
