package org.openanpr.zone;

import java.time.LocalDate;

/**
 * One way a vehicle a rule applies to may still enter: zero emission, or at least a Euro class, and/or first admitted
 * within dates; valid until a date (exclusive), as the Dutch national scheme phases classes out. Every condition given
 * must hold; an allowance with none holds for every vehicle.
 *
 * @param zeroEmission         the vehicle must be zero emission
 * @param minEuroClass         the vehicle's Euro class must be at least this
 * @param firstAdmissionFrom   first admitted on or after this date
 * @param firstAdmissionBefore first admitted before this date
 * @param until                the allowance ends at the start of this day (null: no end)
 */
public record Allowance(boolean zeroEmission, Integer minEuroClass, LocalDate firstAdmissionFrom,
                        LocalDate firstAdmissionBefore, LocalDate until) {

    public Allowance {
        if (minEuroClass != null && (minEuroClass < 0 || minEuroClass > 7))
            throw new IllegalArgumentException("minEuroClass: 0 to 7");
        if (firstAdmissionFrom != null && firstAdmissionBefore != null && !firstAdmissionFrom.isBefore(firstAdmissionBefore))
            throw new IllegalArgumentException("firstAdmissionFrom must be before firstAdmissionBefore");
    }

    public static Allowance zeroEmissionOnly() {
        return new Allowance(true, null, null, null, null);
    }

    boolean inForce(LocalDate day) {
        return until == null || day.isBefore(until);
    }

    /** Whether the vehicle meets it: TRUE, FALSE, or null when the registry lacks a fact it needs. */
    Boolean admits(Vehicle v) {
        if (zeroEmission && !v.zeroEmission()) return false;
        boolean unknown = false;
        if (minEuroClass != null) {
            if (v.zeroEmission()) {
                // zero emission meets any Euro class
            } else if (v.euroClass() == null) unknown = true;
            else if (v.euroClass() < minEuroClass) return false;
        }
        if (firstAdmissionFrom != null || firstAdmissionBefore != null) {
            if (v.firstAdmission() == null) unknown = true;
            else {
                if (firstAdmissionFrom != null && v.firstAdmission().isBefore(firstAdmissionFrom)) return false;
                if (firstAdmissionBefore != null && !v.firstAdmission().isBefore(firstAdmissionBefore)) return false;
            }
        }
        return unknown ? null : true;
    }
}
