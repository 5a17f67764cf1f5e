package org.openanpr.zone;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the vehicle registry says about a plate, as far as zone rules need it: the European vehicle category (M1, N1,
 * N2, N3, L3e…), the fuels (upper case, in the registry's words: BENZINE, DIESEL, ELEKTRICITEIT, WATERSTOF, LPG…), the
 * Euro emission class (null when the registry has none), the permitted maximum mass in kg and the date of first
 * admission. Every field but the plate may be unknown (null).
 */
public record Vehicle(String plate, String kind, String make, String model, String category, Set<String> fuels,
                      Integer euroClass, Integer maxMassKg, LocalDate firstAdmission) {

    /** Fuels that emit nothing at the exhaust. */
    public static final Set<String> ZERO_EMISSION_FUELS = Set.of("ELEKTRICITEIT", "WATERSTOF");

    public Vehicle {
        if (plate == null || plate.isBlank()) throw new IllegalArgumentException("plate: required");
        category = category == null || category.isBlank() ? null : category.strip().toUpperCase(Locale.ROOT);
        if (fuels == null) fuels = Set.of();
        else if (!fuels.stream().allMatch(Vehicle::clean)) {
            TreeSet<String> f = new TreeSet<>();
            for (String s : fuels) if (s != null && !s.isBlank()) f.add(s.strip().toUpperCase(Locale.ROOT));
            fuels = Set.copyOf(f);
        } else fuels = Set.copyOf(fuels);
    }

    private static boolean clean(String s) {
        return s != null && !s.isBlank() && s.equals(s.strip().toUpperCase(Locale.ROOT));
    }

    /** Zero emission: every fuel it has is electricity or hydrogen (a plug-in hybrid also burns petrol: not zero). */
    public boolean zeroEmission() {
        return !fuels.isEmpty() && ZERO_EMISSION_FUELS.containsAll(fuels);
    }
}
