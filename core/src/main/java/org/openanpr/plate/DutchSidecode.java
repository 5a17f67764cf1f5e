package org.openanpr.plate;

/**
 * The RDW sidecodes (kentekenseries) 1 to 14: which positions hold letters and which digits, and where the dashes go.
 * Every sidecode has its own letter/digit pattern, so normalised text fits at most one of them.
 *
 * <p>Sidecodes 1-3 date from before 1978 but are still issued for special series (imported oldtimers in 1, e.g.
 * {@code DE-}/{@code AE-}; permits {@code ZZ} in 2; youngtimers and diplomats in 3; border traffic {@code GV-} and
 * diplomats {@code CD-} in 1), with letters the modern rule excludes, so their letters are not checked. Sidecodes
 * 11-14 are the newer ones: 11 has been issued since 2024, 12-14 are planned.
 */
enum DutchSidecode implements PlateFormat {
    SIDECODE_1("XX-99-99"),
    SIDECODE_2("99-99-XX"),
    SIDECODE_3("99-XX-99"),
    SIDECODE_4("XX-99-XX"),
    SIDECODE_5("XX-XX-99"),
    SIDECODE_6("99-XX-XX"),
    SIDECODE_7("99-XXX-9"),
    SIDECODE_8("9-XXX-99"),
    SIDECODE_9("XX-999-X"),
    SIDECODE_10("X-999-XX"),
    SIDECODE_11("XXX-99-X"),
    SIDECODE_12("X-99-XXX"),
    SIDECODE_13("9-XX-999"),
    SIDECODE_14("999-XX-9");

    private static final int FIRST_WITHOUT_VOWELS = 4;
    private static final int FIRST_WITHOUT_PARTY_NAMES = 11;

    // RDW: since sidecode 4 no vowels (A E I O U), so that no words form, and no C or Q, which look too much like a
    // zero; the one exception is O as the first letter of trailer (oplegger) plates. Not issued either: GVD, KKK, NSB,
    // PKK, PSV, TBS, and SS or SD anywhere in a letter group; "in the newest series" also the party names PVV, SGP,
    // VVD, which we apply from sidecode 11 on: the rule is known to be in force since 2018 and 11 is the first series
    // with three-letter groups issued after that (7 and 8 may well carry them).
    private static final String NOT_ISSUED_LETTERS = "AEIOUCQ";
    private static final String[] NOT_ISSUED_GROUPS = {"GVD", "KKK", "NSB", "PKK", "PSV", "TBS"};
    private static final String[] PARTY_NAMES = {"PVV", "SGP", "VVD"};

    private final Layout layout;
    private final String id;
    private final int[] letterGroups;

    DutchSidecode(String template) {
        this.layout = new Layout(template);
        this.id = "NL-sidecode-" + (ordinal() + 1);
        this.letterGroups = layout.letterGroups();
    }

    int number() {
        return ordinal() + 1;
    }

    String template() {
        return layout.template();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Country country() {
        return Country.NL;
    }

    @Override
    public boolean matches(String text) {
        return layout.fits(text) && (number() < FIRST_WITHOUT_VOWELS || lettersIssued(text));
    }

    /** Whether {@code text} has this sidecode's letter/digit pattern, issued or not. */
    boolean fitsLayout(String text) {
        return layout.fits(text);
    }

    @Override
    public String display(String text) {
        return layout.display(text);
    }

    private boolean lettersIssued(String text) {
        for (int g = 0; g < letterGroups.length; g += 2) {
            int from = letterGroups[g];
            int to = letterGroups[g + 1];
            for (int i = from; i < to; i++) {
                char c = text.charAt(i);
                if (NOT_ISSUED_LETTERS.indexOf(c) >= 0 && !(c == 'O' && i == 0)) {
                    return false;
                }
                if (i + 1 < to && c == 'S' && (text.charAt(i + 1) == 'S' || text.charAt(i + 1) == 'D')) {
                    return false;
                }
            }
            if (to - from == 3 && (isOneOf(text, from, NOT_ISSUED_GROUPS)
                    || number() >= FIRST_WITHOUT_PARTY_NAMES && isOneOf(text, from, PARTY_NAMES))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isOneOf(String text, int from, String[] groups) {
        for (String group : groups) {
            if (text.regionMatches(from, group, 0, group.length())) {
                return true;
            }
        }
        return false;
    }
}
