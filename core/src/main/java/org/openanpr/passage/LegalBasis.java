package org.openanpr.passage;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The stated reason for a passage search: a case number (Dutch BVH/Summ-IT or Belgian PV numbers look like
 * {@code PL0900-2026123456} or {@code BR.12.LL.123456/2026}), an offence category and a purpose in words.
 */
public record LegalBasis(String caseNumber, OffenceCategory offence, String purpose) {
    public static final int MIN_PURPOSE = 10;
    private static final Pattern CASE = Pattern.compile("[A-Z0-9][A-Z0-9./-]{5,39}");

    /** Checks what a caller sent; the exception says what is missing or wrong. */
    public static LegalBasis of(String caseNumber, String offence, String purpose) {
        if (caseNumber == null || caseNumber.isBlank() || offence == null || offence.isBlank() || purpose == null || purpose.isBlank())
            throw new MissingLegalBasis("a passage search needs a legal basis: caseNumber, offence (one of "
                    + java.util.Arrays.toString(OffenceCategory.values()) + ") and purpose");
        String c = caseNumber.trim().toUpperCase(Locale.ROOT);
        if (!CASE.matcher(c).matches() || c.chars().filter(Character::isDigit).count() < 4)
            throw new MissingLegalBasis("caseNumber: '" + caseNumber + "' is not a case number (6 to 40 letters, digits, '.', '/', '-', at least 4 digits)");
        OffenceCategory category;
        try {
            category = OffenceCategory.valueOf(offence.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new MissingLegalBasis("offence: '" + offence + "' gives no legal basis for a passage search; one of "
                    + java.util.Arrays.toString(OffenceCategory.values()));
        }
        String p = purpose.trim();
        if (p.length() < MIN_PURPOSE) throw new MissingLegalBasis("purpose: say in at least " + MIN_PURPOSE + " characters why");
        if (p.length() > 500) throw new MissingLegalBasis("purpose: at most 500 characters");
        return new LegalBasis(c, category, p);
    }

    /** The legal basis is absent or not acceptable. */
    public static final class MissingLegalBasis extends RuntimeException {
        public MissingLegalBasis(String reason) {
            super(reason);
        }
    }
}
