package org.openanpr.plate;

/** British (GB) plates: the current layout and the two older ones still on the road. */
enum BritishFormat implements PlateFormat {
    /** Since 2001, e.g. {@code AB12 CDE}: area, age identifier, random letters. I and Q are never used. */
    CURRENT("GB-2001") {
        @Override
        public boolean matches(String text) {
            if (!CURRENT_LAYOUT.fits(text)) {
                return false;
            }
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == 'I' || text.charAt(i) == 'Q') {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String display(String text) {
            return CURRENT_LAYOUT.display(text);
        }
    },

    /** 1983-2001, e.g. {@code A123 BCD}: year letter, serial 1-999, three letters. */
    PREFIX("GB-prefix") {
        @Override
        public boolean matches(String text) {
            int digits = Chars.digitRun(text, 1);
            return text.length() >= 5 && yearLetter(text.charAt(0)) && isSerial(text, 1, digits)
                    && Chars.letterRun(text, 1 + digits) == 3 && 1 + digits + 3 == text.length();
        }

        @Override
        public String display(String text) {
            int split = text.length() - 3;
            return text.substring(0, split) + ' ' + text.substring(split);
        }
    },

    /** 1963-1983, e.g. {@code ABC 123D}: three letters, serial 1-999, year letter. */
    SUFFIX("GB-suffix") {
        @Override
        public boolean matches(String text) {
            int digits = Chars.digitRun(text, 3);
            return text.length() >= 5 && Chars.letterRun(text, 0) == 3 && isSerial(text, 3, digits)
                    && 3 + digits + 1 == text.length() && yearLetter(text.charAt(text.length() - 1));
        }

        @Override
        public String display(String text) {
            return text.substring(0, 3) + ' ' + text.substring(3);
        }
    };

    private static final Layout CURRENT_LAYOUT = new Layout("XX99 XXX");

    private final String id;

    BritishFormat(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Country country() {
        return Country.GB;
    }

    /** Year letters skipped I, O, Q, U and Z. */
    private static boolean yearLetter(char c) {
        return Chars.isLetter(c) && "IOQUZ".indexOf(c) < 0;
    }

    private static boolean isSerial(String text, int from, int digits) {
        return digits >= 1 && digits <= 3 && text.charAt(from) != '0';
    }
}
