package org.openanpr.plate;

/** French plates: the current national SIV series and the older departmental FNI series still on the road. */
enum FrenchFormat implements PlateFormat {
    /** Since 2009, e.g. {@code AB-123-CD}. I, O and U are not used (they read as 1, 0 and V), nor the number 000. */
    SIV("FR-SIV") {
        @Override
        public boolean matches(String text) {
            return SIV_LAYOUT.fits(text)
                    && sivLetter(text.charAt(0)) && sivLetter(text.charAt(1))
                    && sivLetter(text.charAt(5)) && sivLetter(text.charAt(6))
                    && !text.startsWith("000", 2);
        }

        @Override
        public String display(String text) {
            return SIV_LAYOUT.display(text);
        }
    },

    /**
     * Before 2009, e.g. {@code 1234 AB 56}: a number of 1-4 digits without leading zero, 1-3 letters, and the
     * département: 01-95, 2A or 2B (Corsica) or 971-976 (overseas).
     */
    FNI("FR-FNI") {
        @Override
        public boolean matches(String text) {
            int digits = Chars.digitRun(text, 0);
            if (digits < 1 || digits > 4 || text.charAt(0) == '0') {
                return false;
            }
            int letters = Chars.letterRun(text, digits);
            return letters >= 1 && letters <= 3 && isDepartement(text, digits + letters);
        }

        @Override
        public String display(String text) {
            int digits = Chars.digitRun(text, 0);
            int letters = Chars.letterRun(text, digits);
            return text.substring(0, digits) + ' ' + text.substring(digits, digits + letters) + ' '
                    + text.substring(digits + letters);
        }
    };

    private static final Layout SIV_LAYOUT = new Layout("XX-999-XX");

    private final String id;

    FrenchFormat(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Country country() {
        return Country.FR;
    }

    private static boolean sivLetter(char c) {
        return c != 'I' && c != 'O' && c != 'U';
    }

    private static boolean isDepartement(String text, int from) {
        int length = text.length() - from;
        if (length == 2) {
            char tens = text.charAt(from);
            char units = text.charAt(from + 1);
            if (tens == '2' && (units == 'A' || units == 'B')) {
                return true;
            }
            if (!Chars.isDigit(tens) || !Chars.isDigit(units)) {
                return false;
            }
            int number = (tens - '0') * 10 + (units - '0');
            return number >= 1 && number <= 95;
        }
        return length == 3 && text.startsWith("97", from) && text.charAt(from + 2) >= '1' && text.charAt(from + 2) <= '6';
    }
}
