package org.openanpr.registry;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.constraints.CharRange;
import org.junit.jupiter.api.Test;
import org.openanpr.zone.Vehicle;

import java.time.LocalDate;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The in-memory registry packs a vehicle into a long and gives back what the rules need, unknowns included. */
class MemoryRegistryTest {
    @Property
    void whatIsPackedComesBack(@ForAll @IntRange(min = 0, max = 28) int category, @ForAll @IntRange(min = 0, max = 255) int fuelBits,
                               @ForAll @IntRange(min = -1, max = 7) int euro, @ForAll @IntRange(min = -1, max = 60000) int mass,
                               @ForAll @IntRange(min = -1, max = 100000) int days) {
        java.util.List<String> fuels = new java.util.ArrayList<>();
        for (int i = 0; i < MemoryRegistry.FUELS.size(); i++) if ((fuelBits & 1 << i) != 0) fuels.add(MemoryRegistry.FUELS.get(i));
        LocalDate first = days < 0 ? null : LocalDate.of(1880, 1, 1).plusDays(days);
        long v = MemoryRegistry.pack(MemoryRegistry.CATEGORIES.get(category), fuels.toArray(String[]::new), euro < 0 ? null : euro,
                mass < 0 ? null : mass, first);
        Vehicle back = MemoryRegistry.vehicle("AB123C", v);
        assertThat(back.category()).isEqualTo(MemoryRegistry.CATEGORIES.get(category));
        assertThat(back.fuels()).containsExactlyInAnyOrderElementsOf(fuels);
        assertThat(back.euroClass()).isEqualTo(euro < 0 ? null : euro);
        assertThat(back.maxMassKg()).isEqualTo(mass < 0 ? null : mass);
        assertThat(back.firstAdmission()).isEqualTo(first);
    }

    @Property
    void platesOfUpToTenCharactersHaveDistinctKeys(@ForAll @StringLength(min = 1, max = 10) @CharRange(from = 'A', to = 'Z') @CharRange(from = '0', to = '9') String a,
                                                     @ForAll @StringLength(min = 1, max = 10) @CharRange(from = 'A', to = 'Z') @CharRange(from = '0', to = '9') String b) {
        assertThat(MemoryRegistry.key(a)).isNotZero();
        assertThat(MemoryRegistry.key(a) == MemoryRegistry.key(b)).isEqualTo(a.equals(b));
    }

    @Test
    void anUnknownCategoryOrFuelIsNotGuessed() {
        Vehicle v = MemoryRegistry.vehicle("AB123C", MemoryRegistry.pack("X9", new String[] {"STOOM"}, null, null, (LocalDate) null));
        assertThat(v.category()).isNull();
        assertThat(v.fuels()).isEqualTo(Set.of("OVERIG"));
        assertThat(v.zeroEmission()).isFalse();
        assertThat(MemoryRegistry.key("AB-12")).isZero();
        assertThat(MemoryRegistry.key("ABCDEFGHIJK")).isZero();
    }
}
