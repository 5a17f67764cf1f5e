package org.openanpr.zone;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.openanpr.zone.Decision.Outcome.*;
import static org.openanpr.zone.Decision.Reason.*;

class ZoneRulesTest {
    static final ZoneId AMS = ZoneId.of("Europe/Amsterdam");
    static final LocalDate Y2025 = LocalDate.of(2025, 1, 1);

    /** The Dutch national zero-emission scheme for vans, as data. */
    static final ZoneRule VANS = new ZoneRule("ZE bestelauto's", Set.of("N1"), Set.of(), null, null, Y2025, null, List.of(),
            List.of(Allowance.zeroEmissionOnly(),
                    new Allowance(false, 5, null, Y2025, LocalDate.of(2027, 1, 1)),
                    new Allowance(false, 6, null, Y2025, LocalDate.of(2028, 1, 1))));
    static final ZoneRule TRUCKS = new ZoneRule("ZE vrachtauto's", Set.of("n2", "N3"), Set.of(), null, null, Y2025, null, List.of(),
            List.of(Allowance.zeroEmissionOnly(), new Allowance(false, 6, null, Y2025, LocalDate.of(2030, 1, 1))));
    static final ZoneRules ZE = new ZoneRules(List.of(VANS, TRUCKS), AMS, 0.8f);

    static Vehicle van(String fuel, Integer euro, LocalDate first) {
        return new Vehicle("VXX01X", "Bedrijfsauto", "FORD", "TRANSIT", "N1", Set.of(fuel), euro, 3500, first);
    }

    static ZoneRules.Sighting at(String when) {
        return new ZoneRules.Sighting("VXX01X", "NL", 0.95f, Instant.parse(when));
    }

    @Test
    void vansArePhasedInByEuroClassAndFirstAdmission() {
        Vehicle euro5 = van("DIESEL", 5, LocalDate.of(2012, 5, 1));
        Vehicle euro6 = van("DIESEL", 6, LocalDate.of(2019, 5, 1));
        Vehicle euro4 = van("DIESEL", 4, LocalDate.of(2008, 5, 1));
        Vehicle newDiesel = van("DIESEL", 6, LocalDate.of(2025, 3, 1));
        Vehicle electric = van("ELEKTRICITEIT", null, LocalDate.of(2025, 3, 1));
        assertThat(ZE.decide(at("2024-12-31T12:00:00Z"), false, euro4).reason()).isEqualTo(NO_RULE_IN_FORCE);
        assertThat(ZE.decide(at("2026-06-01T12:00:00Z"), false, euro4)).isEqualTo(new Decision(VIOLATION, NOT_ALLOWED, "ZE bestelauto's"));
        assertThat(ZE.decide(at("2026-06-01T12:00:00Z"), false, euro5).outcome()).isEqualTo(COMPLIANT);
        assertThat(ZE.decide(at("2027-06-01T12:00:00Z"), false, euro5).outcome()).isEqualTo(VIOLATION);
        assertThat(ZE.decide(at("2027-06-01T12:00:00Z"), false, euro6).outcome()).isEqualTo(COMPLIANT);
        assertThat(ZE.decide(at("2028-01-01T12:00:00Z"), false, euro6).outcome()).isEqualTo(VIOLATION);
        assertThat(ZE.decide(at("2026-06-01T12:00:00Z"), false, newDiesel).outcome()).isEqualTo(VIOLATION);
        assertThat(ZE.decide(at("2040-06-01T12:00:00Z"), false, electric)).isEqualTo(Decision.of(COMPLIANT, ALLOWED));
    }

    @Test
    void theOrderIsExemptionThenReadThenCountryThenRegistry() {
        ZoneRules.Sighting s = at("2026-06-01T12:00:00Z");
        Vehicle euro4 = van("DIESEL", 4, LocalDate.of(2008, 5, 1));
        assertThat(ZE.decide(s, true, euro4).outcome()).isEqualTo(EXEMPT);
        assertThat(ZE.decide(new ZoneRules.Sighting("VXX01X", "NL", 0.5f, s.at()), false, euro4).reason()).isEqualTo(UNREADABLE);
        assertThat(ZE.decide(new ZoneRules.Sighting(null, "NL", 0.99f, s.at()), false, null).reason()).isEqualTo(UNREADABLE);
        assertThat(ZE.decide(new ZoneRules.Sighting("WOB1234", "DE", 0.99f, s.at()), false, null).reason()).isEqualTo(FOREIGN);
        assertThat(ZE.decide(new ZoneRules.Sighting("WOB1234", "DE", 0.99f, s.at()), true, null).outcome()).isEqualTo(EXEMPT);
        assertThat(ZE.decide(s, false, null)).isEqualTo(Decision.of(REVIEW, UNKNOWN));
    }

    @Test
    void missingFactsGoToReviewNeverToAViolation() {
        ZoneRules.Sighting s = at("2026-06-01T12:00:00Z");
        Vehicle noClass = van("DIESEL", null, LocalDate.of(2012, 5, 1));
        assertThat(ZE.decide(s, false, noClass)).isEqualTo(new Decision(REVIEW, INCOMPLETE, "ZE bestelauto's"));
        Vehicle noCategory = new Vehicle("VXX01X", null, null, null, null, Set.of("DIESEL"), 6, null, null);
        assertThat(ZE.decide(s, false, noCategory).reason()).isEqualTo(INCOMPLETE);
        Vehicle car = new Vehicle("VXX01X", "Personenauto", "VW", "GOLF", "M1", Set.of("DIESEL"), 3, 1800, LocalDate.of(2003, 1, 1));
        assertThat(ZE.decide(s, false, car)).isEqualTo(Decision.of(COMPLIANT, NOT_SUBJECT));
    }

    @Test
    void aPedestrianAreaHoldsEveryVehicleInItsWindowsOnly() {
        ZoneRule walk = new ZoneRule("voetgangersgebied", Set.of(), Set.of(), null, null, Y2025, null,
                List.of(new ZoneRule.Window(Set.of(), LocalTime.of(11, 0), LocalTime.of(6, 0))), List.of());
        ZoneRules rules = new ZoneRules(List.of(walk), AMS, 0.8f);
        Vehicle car = new Vehicle("VXX01X", null, null, null, "M1", Set.of("BENZINE"), 6, 1400, LocalDate.of(2020, 1, 1));
        // 09:00 in Amsterdam (summer, UTC+2) is outside 11:00–06:00; 14:00 and 02:00 are inside.
        assertThat(rules.decide(at("2026-06-01T07:00:00Z"), false, car).reason()).isEqualTo(NO_RULE_IN_FORCE);
        assertThat(rules.decide(at("2026-06-01T12:00:00Z"), false, car).outcome()).isEqualTo(VIOLATION);
        assertThat(rules.decide(at("2026-06-02T00:00:00Z"), false, car).outcome()).isEqualTo(VIOLATION);
        assertThat(walk.everyVehicle()).isTrue();
    }

    @Test
    void anEnvironmentalZoneForOldDieselsLooksAtFuelAndMass() {
        ZoneRule diesel = new ZoneRule("milieuzone diesel", Set.of("M1", "N1"), Set.of("DIESEL"), null, 3500, Y2025, null,
                List.of(DayOfWeek.values().length == 7 ? new ZoneRule.Window(Set.of(DayOfWeek.MONDAY), LocalTime.MIDNIGHT, LocalTime.MIDNIGHT) : null),
                List.of(new Allowance(false, 4, null, null, null)));
        ZoneRules rules = new ZoneRules(List.of(diesel), AMS, 0.8f);
        Instant monday = Instant.parse("2026-06-01T10:00:00Z");
        ZoneRules.Sighting s = new ZoneRules.Sighting("VXX01X", "NL", 0.9f, monday);
        assertThat(rules.decide(s, false, new Vehicle("VXX01X", null, null, null, "M1", Set.of("DIESEL"), 3, 1500, null)).outcome()).isEqualTo(VIOLATION);
        assertThat(rules.decide(s, false, new Vehicle("VXX01X", null, null, null, "M1", Set.of("BENZINE"), 1, 1500, null)).reason()).isEqualTo(NOT_SUBJECT);
        assertThat(rules.decide(s, false, new Vehicle("VXX01X", null, null, null, "M1", Set.of("DIESEL"), 3, 5000, null)).reason()).isEqualTo(NOT_SUBJECT);
        assertThat(rules.decide(s, false, new Vehicle("VXX01X", null, null, null, "M1", Set.of("DIESEL", "ELEKTRICITEIT"), 4, 1500, null)).outcome()).isEqualTo(COMPLIANT);
        assertThat(rules.decide(new ZoneRules.Sighting("VXX01X", "NL", 0.9f, monday.plusSeconds(86400)), false,
                new Vehicle("VXX01X", null, null, null, "M1", Set.of("DIESEL"), 3, 1500, null)).reason()).isEqualTo(NO_RULE_IN_FORCE);
    }

    @Test
    void badRulesAreRefused() {
        assertThatThrownBy(() -> new ZoneRule("r", Set.of(), Set.of(), null, null, null, null, null, null)).hasMessageContaining("from");
        assertThatThrownBy(() -> new ZoneRule("r", Set.of(), Set.of(), 5, 1, Y2025, null, null, null)).hasMessageContaining("minMassKg");
        assertThatThrownBy(() -> new ZoneRule("r", Set.of(), Set.of(), null, null, Y2025, Y2025, null, null)).hasMessageContaining("until");
        assertThatThrownBy(() -> new Allowance(false, 9, null, null, null)).hasMessageContaining("minEuroClass");
    }

    @Test
    void euroClassesAreReadFromTheRegistrysWords() {
        assertThat(EuroClass.parse("EURO 6 AD")).isEqualTo(6);
        assertThat(EuroClass.parse("EURO VI E")).isEqualTo(6);
        assertThat(EuroClass.parse("EURO III")).isEqualTo(3);
        assertThat(EuroClass.parse("Euro 5 B")).isEqualTo(5);
        assertThat(EuroClass.parse("5")).isEqualTo(5);
        assertThat(EuroClass.parse("Z")).isNull();
        assertThat(EuroClass.parse("")).isNull();
        assertThat(EuroClass.parse("GEEN")).isNull();
    }

    @Test
    void theChainWarnsInTheTolerancePeriodThenWarnsOnceThenEscalatesFines() {
        EnforcementPolicy p = new EnforcementPolicy(LocalDate.of(2026, 3, 1), true, 365,
                List.of(new BigDecimal("100.00"), new BigDecimal("200.00")));
        List<EnforcementPolicy.Prior> none = List.of();
        assertThat(p.sanction(LocalDate.of(2026, 2, 27), none).kind()).isEqualTo(EnforcementPolicy.Kind.WARNING);
        List<EnforcementPolicy.Prior> toleranceWarning = List.of(new EnforcementPolicy.Prior(LocalDate.of(2026, 2, 27), EnforcementPolicy.Kind.WARNING));
        assertThat(p.sanction(LocalDate.of(2026, 3, 2), toleranceWarning).kind()).isEqualTo(EnforcementPolicy.Kind.WARNING);
        List<EnforcementPolicy.Prior> warned = List.of(new EnforcementPolicy.Prior(LocalDate.of(2026, 3, 2), EnforcementPolicy.Kind.WARNING));
        assertThat(p.sanction(LocalDate.of(2026, 3, 3), warned)).isEqualTo(new EnforcementPolicy.Sanction(EnforcementPolicy.Kind.FINE, 1, new BigDecimal("100.00")));
        // the same day's sanction does not count against itself
        assertThat(p.sanction(LocalDate.of(2026, 3, 2), warned).kind()).isEqualTo(EnforcementPolicy.Kind.WARNING);
        List<EnforcementPolicy.Prior> fined = List.of(warned.get(0), new EnforcementPolicy.Prior(LocalDate.of(2026, 3, 3), EnforcementPolicy.Kind.FINE),
                new EnforcementPolicy.Prior(LocalDate.of(2026, 3, 4), EnforcementPolicy.Kind.FINE));
        assertThat(p.sanction(LocalDate.of(2026, 3, 5), fined).amount()).isEqualByComparingTo("200.00");
        assertThat(p.sanction(LocalDate.of(2026, 3, 5), fined).ordinal()).isEqualTo(3);
        // a whole term without sanctions: a warning again
        assertThat(p.sanction(LocalDate.of(2027, 6, 1), fined).kind()).isEqualTo(EnforcementPolicy.Kind.WARNING);
    }
}
