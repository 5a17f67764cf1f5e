package org.openanpr.plate;

/**
 * German plates: district code (1-3 letters), recognition letters (1-2), number (1-4 digits, no leading zero),
 * optionally E (electric) or H (historic), at most 8 characters. Where the district code ends is not in the text:
 * {@code "ABC123"} may be {@code A BC 123} or {@code AB C 123}. The display takes the most likely split, see
 * {@link #districtLength}.
 */
enum GermanFormat implements PlateFormat {
    DE;

    private static final int MAX_LENGTH = 8;
    // The one-letter district codes: Augsburg, Berlin, Chemnitz, Düsseldorf, Essen, Frankfurt, Gera, Hannover, Köln,
    // Leipzig, München, Nürnberg, Potsdam, Regensburg, Stuttgart, Vogtlandkreis, Wuppertal, Zwickau.
    private static final String ONE_LETTER_DISTRICTS = "ABCDEFGHKLMNPRSVWZ";

    @Override
    public String id() {
        return "DE";
    }

    @Override
    public Country country() {
        return Country.DE;
    }

    @Override
    public boolean matches(String text) {
        int letters = Chars.letterRun(text, 0);
        int digits = Chars.digitRun(text, letters);
        int end = letters + digits;
        return text.length() <= MAX_LENGTH
                && letters >= 2 && letters <= 5
                && digits >= 1 && digits <= 4 && text.charAt(letters) != '0'
                && (end == text.length() || end + 1 == text.length() && isSuffix(text.charAt(end)));
    }

    @Override
    public String display(String text) {
        int letters = Chars.letterRun(text, 0);
        int district = districtLength(text, letters);
        return text.substring(0, district) + ' ' + text.substring(district, letters) + ' ' + text.substring(letters);
    }

    /**
     * Leaves two recognition letters where possible: one letter with up to four digits gives a district too few
     * numbers, so most plates, above all in the big districts where most cars are, carry two. 2 letters split 1+1,
     * 4 split 2+2, 5 split 3+2. Three letters split 1+2 when the first is a
     * one-letter district ({@code M AB 123}), else 2+1 ({@code OS B 123}).
     */
    private static int districtLength(String text, int letters) {
        return switch (letters) {
            case 2 -> 1;
            case 3 -> ONE_LETTER_DISTRICTS.indexOf(text.charAt(0)) >= 0 ? 1 : 2;
            default -> letters - 2;
        };
    }

    private static boolean isSuffix(char c) {
        return c == 'E' || c == 'H';
    }
}
