package org.openanpr.plate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ranks what a text reader saw on an image into plate candidates, by what plates can look like. A reader gives, per
 * text line, a sequence of {@link Position}s, each with its alternative characters and their probabilities. From each
 * line this builds candidates and scores them in log-probability:
 * <ul>
 *   <li>characters may be taken from a position's alternatives, or swapped along the OCR confusions (O/0, I/1, B/8,
 *       S/5, Z/2, G/6, A/4, T/7) at a fixed cost, so that the text fits a plate layout: a country's valid format
 *       ({@link PlateFormats}) or another European layout ({@link #OTHER_LAYOUTS});</li>
 *   <li>a country's distinguishing sign on the EU band ({@code D}, {@code NL}, {@code HR}…) may be dropped from the
 *       left almost for free; any other character at either end, or one inside (an emblem or seal between the groups
 *       read as a character), at a cost;</li>
 *   <li>text that fits no layout stays a candidate (plates of countries we do not know), at a cost that one confusion
 *       does not outweigh, more so when it has no digit or a run of four letters (sign text such as {@code EXIT79B});</li>
 *   <li>each line carries a prior from the caller (how plate-like its box is).</li>
 * </ul>
 * No I/O and no model: the same ranking serves any reader.
 */
public final class PlateRanking {

    /** Cost of changing a character along a confusion when the reader gave the other character no probability. */
    static final double CONFUSION_COST = -2.0;
    /**
     * Cost of the confusions that many plate fonts hardly distinguish at all: O and 0 (the Dutch and the German font
     * write them alike but for width), I and 1.
     */
    static final double NEAR_IDENTICAL_COST = -0.8;
    /** Cost of text that fits no known layout. */
    static final double GENERIC_COST = -2.5;
    /** Extra cost of generic text without any digit. */
    static final double NO_DIGIT_COST = -1.5;
    /** Extra cost of generic text with four letters in a row (words: signs, brands, dealers). */
    static final double WORD_COST = -1.0;
    /**
     * Cost of leaving out a character at either end of a line that is not a country sign, or one inside (an emblem, a
     * seal or a hyphen read as a character): a base, and more the surer the reader was of it.
     */
    static final double DROP_COST = -1.0;
    static final double INNER_DROP_COST = -1.2;
    static final double DROP_COST_PER_PROBABILITY = -1.5;
    /**
     * Cost of leaving out a country's distinguishing sign at the left end: nearly free for signs of two or three
     * letters ({@code NL}, {@code HR}, {@code BIH}), less so for one letter, since many plates start with a letter
     * that happens to be a sign ({@code D}, {@code N}, {@code S}).
     */
    static final double COUNTRY_SIGN_COST = -0.3;
    static final double ONE_LETTER_SIGN_COST = -1.0;

    static final int MIN_LENGTH = 4;
    static final int MAX_LENGTH = 9;
    private static final int MAX_END_DROPS = 3;

    /**
     * Layouts of European countries whose formats the core does not check (only letter/digit positions, no series
     * rules): Croatia, Poland, Czechia, Italy, Spain, Slovakia, Serbia, Bosnia and Herzegovina, Romania, Hungary,
     * Sweden, Finland, Denmark and Norway, Luxembourg, Portugal. {@code X} a letter, {@code 9} a digit.
     */
    static final Map<String, String> OTHER_LAYOUTS = Map.ofEntries(
            Map.entry("XX999XX", "HR IT SK RS"),
            Map.entry("XX9999XX", "HR"),
            Map.entry("XX999X", "HR"),
            Map.entry("XX9999X", "HR PL"),
            Map.entry("XX99999", "PL DK NO"),
            Map.entry("XX9X999", "PL"),
            Map.entry("XX9XX99", "PL"),
            Map.entry("XXX99XX", "PL"),
            Map.entry("XXX9X99", "PL"),
            Map.entry("XXX999X", "PL"),
            Map.entry("XXX9XX9", "PL"),
            Map.entry("9X99999", "CZ"),
            Map.entry("9XX9999", "CZ"),
            Map.entry("9999XXX", "ES"),
            Map.entry("X99X999", "BA"),
            Map.entry("XX99XXX", "RO"),
            Map.entry("X99XXX", "RO"),
            Map.entry("XXX999", "HU SE FI"),
            Map.entry("XXXX999", "HU"),
            Map.entry("XXX99X", "SE"),
            Map.entry("XX9999", "LU"),
            Map.entry("XX99XX", "PT"));

    /** Distinguishing signs of European countries (Vienna Convention), as they appear on the EU band or a sticker. */
    static final Set<String> COUNTRY_SIGNS = Set.of("A", "B", "BG", "BIH", "CH", "CY", "CZ", "D", "DK", "E", "EST",
            "F", "FIN", "GB", "GR", "H", "HR", "I", "IRL", "IS", "L", "LT", "LV", "M", "MD", "MK", "MNE", "N", "NL", "P",
            "PL", "RO", "RSM", "S", "SK", "SLO", "SRB", "UA", "UK");

    /** Per character, the one of the other kind (letter/digit) it is most often mistaken for, and the cost. */
    /** The ISO 3166 code of each distinguishing sign that differs from it ({@code D} is Germany, {@code DE}). */
    private static final Map<String, String> SIGN_TO_ISO = Map.ofEntries(Map.entry("A", "AT"), Map.entry("B", "BE"),
            Map.entry("BIH", "BA"), Map.entry("D", "DE"), Map.entry("E", "ES"), Map.entry("EST", "EE"), Map.entry("F", "FR"),
            Map.entry("FIN", "FI"), Map.entry("H", "HU"), Map.entry("I", "IT"), Map.entry("IRL", "IE"), Map.entry("L", "LU"),
            Map.entry("M", "MT"), Map.entry("MNE", "ME"), Map.entry("N", "NO"), Map.entry("P", "PT"), Map.entry("RSM", "SM"),
            Map.entry("S", "SE"), Map.entry("SLO", "SI"), Map.entry("SRB", "RS"), Map.entry("UK", "GB"));

    private static final Map<Character, Swap> CONFUSIONS = new HashMap<>();

    private record Swap(char to, double cost) {
    }

    static {
        String[] pairs = {"0O", "1I", "0D", "0Q", "1L", "2Z", "5S", "8B", "6G", "4A", "7T", "0U"};
        for (String pair : pairs) {
            double cost = pair.equals("0O") || pair.equals("1I") ? NEAR_IDENTICAL_COST : CONFUSION_COST;
            CONFUSIONS.putIfAbsent(pair.charAt(1), new Swap(pair.charAt(0), cost));
            CONFUSIONS.putIfAbsent(pair.charAt(0), new Swap(pair.charAt(1), cost));
        }
    }

    /** Letter/digit patterns ('X'/'9') of each length that some format accepts, with the format's name. */
    private static final List<List<Pattern>> PATTERNS = patterns();

    private PlateRanking() {
    }

    /**
     * One character position as read: alternatives, most likely first, upper-case A-Z/0-9 or any other character
     * (which never becomes part of a plate).
     */
    public record Position(char[] chars, float[] probs) {
        public Position {
            if (chars.length == 0 || chars.length != probs.length) {
                throw new IllegalArgumentException("a position needs as many probabilities as characters, at least one");
            }
        }

        /** A position read with certainty {@code p} and no alternative. */
        public static Position of(char c, float p) {
            return new Position(new char[] {c}, new float[] {p});
        }

        char top() {
            return chars[0];
        }

        boolean isPlateChar() {
            return Chars.isLetter(chars[0]) || Chars.isDigit(chars[0]);
        }
    }

    /** A line of text as read, with a log-prior of how plate-like its box is (0 when nothing is known). */
    public record Line(List<Position> positions, double prior) {
        public Line {
            positions = List.copyOf(positions);
        }
    }

    /**
     * A ranked candidate.
     *
     * @param format     the format that the text fits ({@code NL-sidecode-8}, {@code HR}), or {@link PlateReading#GENERIC_FORMAT}
     * @param country    the country of that format when it is one country's; null otherwise
     * @param score      log-probability-like score, higher is better
     * @param confidence {@code exp(score)}, in 0..1
     * @param line       the index of the line it was read from
     */
    public record Candidate(String text, String display, String format, Country country, double score,
                            double confidence, int line) {
    }

    /** The candidates of all lines, best first, one per text, at most {@code limit}. */
    public static List<Candidate> rank(List<Line> lines, int limit) {
        Map<String, Candidate> best = new HashMap<>();
        Map<String, Candidate> signed = new HashMap<>();
        for (int l = 0; l < lines.size(); l++) {
            List<Candidate> withSign = new ArrayList<>();
            for (Candidate c : candidates(lines.get(l), l, withSign)) {
                best.merge(c.text(), c, (a, b) -> a.score() >= b.score() ? a : b);
            }
            for (Candidate c : withSign) signed.merge(c.text(), c, (a, b) -> a.score() >= b.score() ? a : b);
        }
        // where the country sign of the band was read with a text, it decides that text's country and format, even when
        // the same text scored better read without the band (a box of its own)
        signed.forEach((text, s) -> best.computeIfPresent(text, (t, b) ->
                new Candidate(t, s.display(), s.format(), s.country(), b.score(), b.confidence(), b.line())));
        List<Candidate> ranked = new ArrayList<>(best.values());
        ranked.sort(Comparator.comparingDouble(Candidate::score).reversed().thenComparing(Candidate::text));
        return List.copyOf(ranked.subList(0, Math.min(limit, ranked.size())));
    }

    /** The line's candidates; those read after a country sign also go, with the sign's country, to {@code withSign}. */
    private static List<Candidate> candidates(Line line, int index, List<Candidate> withSign) {
        // characters that can never be on a plate (punctuation, the reader's guesses at an emblem) are left out freely
        List<Position> kept = new ArrayList<>();
        List<Boolean> gapBefore = new ArrayList<>();
        boolean gap = false;
        for (Position p : line.positions()) {
            if (p.isPlateChar()) {
                kept.add(p);
                gapBefore.add(gap);
                gap = false;
            } else {
                gap = true;
            }
        }
        int n = kept.size();
        List<Candidate> out = new ArrayList<>();
        for (int start = 0; start <= Math.min(MAX_END_DROPS, n); start++) {
            double startCost = dropCost(kept, 0, start, start < n && gapBefore.get(start));
            Country sign = start > 0 && (startCost == COUNTRY_SIGN_COST || startCost == ONE_LETTER_SIGN_COST) ? sign(kept, start) : null;
            for (int end = n; end >= Math.max(start, n - MAX_END_DROPS); end--) {
                int length = end - start;
                if (length < MIN_LENGTH || length > MAX_LENGTH + 1) continue;
                double cost = line.prior() + startCost + dropCost(kept, end, n, null);
                List<Position> span = kept.subList(start, end);
                if (length <= MAX_LENGTH) {
                    generic(span, cost, index, out);
                    fitted(span, cost, index, out, null);
                    if (sign != null) fitted(span, cost, index, withSign, sign);
                }
                for (int skip = 1; skip < length - 1; skip++) {
                    List<Position> inner = new ArrayList<>(span);
                    Position dropped = inner.remove(skip);
                    double innerCost = cost + INNER_DROP_COST + DROP_COST_PER_PROBABILITY * dropped.probs()[0];
                    fitted(inner, innerCost, index, out, null);
                    if (sign != null) fitted(inner, innerCost, index, withSign, sign);
                }
            }
        }
        return out;
    }

    /** The country of the sign {@code kept[0, to)}, read as a country sign; null when it is none. */
    private static Country sign(List<Position> kept, int to) {
        StringBuilder sign = new StringBuilder(to);
        for (int i = 0; i < to; i++) sign.append(kept.get(i).top());
        String s = sign.toString();
        if (!COUNTRY_SIGNS.contains(s)) return null;
        return new Country(SIGN_TO_ISO.getOrDefault(s, s));
    }

    /**
     * Cost of leaving out {@code kept[from, to)} at the start of the line ({@code gapAfter} not null: whether the
     * reader saw a gap after it) or at its end ({@code gapAfter} null). A one-letter sign counts as one only when set
     * apart by a gap: {@code EXIT} does not start with Spain's E.
     */
    private static double dropCost(List<Position> kept, int from, int to, Boolean gapAfter) {
        if (from == to) return 0;
        if (gapAfter != null) {
            StringBuilder sign = new StringBuilder(to - from);
            for (int i = from; i < to; i++) sign.append(kept.get(i).top());
            if (COUNTRY_SIGNS.contains(sign.toString()) && (sign.length() > 1 || gapAfter))
                return sign.length() == 1 ? ONE_LETTER_SIGN_COST : COUNTRY_SIGN_COST;
        }
        double cost = 0;
        for (int i = from; i < to; i++) cost += DROP_COST + DROP_COST_PER_PROBABILITY * kept.get(i).probs()[0];
        return cost;
    }

    private static void generic(List<Position> span, double cost, int line, List<Candidate> out) {
        StringBuilder text = new StringBuilder(span.size());
        double score = cost + GENERIC_COST;
        for (Position p : span) {
            text.append(p.top());
            score += Math.log(Math.max(p.probs()[0], 1e-6f));
        }
        String t = text.toString();
        if (t.chars().noneMatch(c -> Chars.isDigit((char) c))) score += NO_DIGIT_COST;
        if (longestLetterRun(t) >= 4) score += WORD_COST;
        PlateReading reading;
        try {
            reading = Plates.interpret(t, null);
        } catch (InvalidPlateException e) {
            return;
        }
        // text the reader read as it is and that fits a country's format is no generic text
        if (!reading.format().equals(PlateReading.GENERIC_FORMAT)) return;
        out.add(candidate(reading.text(), reading.display(), PlateReading.GENERIC_FORMAT, null, score, line));
    }

    /**
     * The best text of each layout of the span's length, where the reader's alternatives or a confusion allow it. With
     * a {@code sign} (the band's country), only that country's formats and layouts.
     */
    private static void fitted(List<Position> span, double cost, int line, List<Candidate> out, Country sign) {
        int n = span.size();
        if (n < MIN_LENGTH || n > MAX_LENGTH) return;
        char[] letter = new char[n];
        char[] digit = new char[n];
        double[] letterScore = new double[n];
        double[] digitScore = new double[n];
        for (int i = 0; i < n; i++) {
            Position p = span.get(i);
            letterScore[i] = digitScore[i] = Double.NEGATIVE_INFINITY;
            for (int a = 0; a < p.chars().length; a++) {
                char c = p.chars()[a];
                double s = Math.log(Math.max(p.probs()[a], 1e-6f));
                if (Chars.isLetter(c) && s > letterScore[i]) {
                    letterScore[i] = s;
                    letter[i] = c;
                } else if (Chars.isDigit(c) && s > digitScore[i]) {
                    digitScore[i] = s;
                    digit[i] = c;
                }
            }
            char top = p.top();
            Swap swap = CONFUSIONS.get(top);
            if (swap != null) {
                char swapped = swap.to();
                double s = Math.log(Math.max(p.probs()[0], 1e-6f)) + swap.cost();
                if (Chars.isLetter(swapped) && s > letterScore[i]) {
                    letterScore[i] = s;
                    letter[i] = swapped;
                } else if (Chars.isDigit(swapped) && s > digitScore[i]) {
                    digitScore[i] = s;
                    digit[i] = swapped;
                }
            }
        }
        for (Pattern pattern : PATTERNS.get(n)) {
            double score = cost;
            char[] text = new char[n];
            for (int i = 0; i < n && score > Double.NEGATIVE_INFINITY; i++) {
                boolean wantsLetter = pattern.layout().charAt(i) == 'X';
                score += wantsLetter ? letterScore[i] : digitScore[i];
                text[i] = wantsLetter ? letter[i] : digit[i];
            }
            if (score == Double.NEGATIVE_INFINITY) continue;
            String t = new String(text);
            if (pattern.known()) {
                // the letter/digit pattern fits; the format's own rules (series, letters not issued) decide
                PlateFormat format = PlateFormats.firstMatch(t, sign);
                if (format != null) {
                    out.add(candidate(t, format.display(t), format.id(), format.country(), score, line));
                    continue;
                }
            }
            if (pattern.other() == null) continue;
            if (sign == null) {
                out.add(candidate(t, t, pattern.other(), pattern.otherCountry(), score, line));
            } else if (List.of(OTHER_LAYOUTS.get(pattern.layout()).split(" ")).contains(sign.code())) {
                out.add(candidate(t, t, sign.code(), sign, score, line));
            }
        }
    }

    private static Candidate candidate(String text, String display, String format, Country country, double score, int line) {
        return new Candidate(text, display, format, country, score, Math.min(1.0, Math.exp(score)), line);
    }

    private static int longestLetterRun(String t) {
        int best = 0;
        for (int i = 0; i < t.length(); i++) best = Math.max(best, Chars.letterRun(t, i));
        return best;
    }

    /**
     * A letter/digit layout: either one that some known country's format accepts ({@code known}, checked again by
     * that format), or one of {@link #OTHER_LAYOUTS} with its countries.
     */
    private record Pattern(String layout, boolean known, String other, Country otherCountry) {
    }

    private static List<List<Pattern>> patterns() {
        List<List<Pattern>> byLength = new ArrayList<>();
        for (int n = 0; n <= MAX_LENGTH; n++) byLength.add(new ArrayList<>());
        for (int n = MIN_LENGTH; n <= MAX_LENGTH; n++) {
            for (int mask = 0; mask < 1 << n; mask++) {
                char[] layout = new char[n];
                char[] sample = new char[n];
                for (int i = 0; i < n; i++) {
                    boolean isLetter = (mask & (1 << i)) != 0;
                    layout[i] = isLetter ? 'X' : '9';
                    // letters and digits that every format allows where it allows one at all, varied so that no
                    // group is a series that is not issued (KKK)
                    sample[i] = isLetter ? "KRTBHN".charAt(i % 6) : "5372".charAt(i % 4);
                }
                String l = new String(layout);
                boolean known = PlateFormats.firstMatch(new String(sample), null) != null;
                String other = null;
                Country only = null;
                if (OTHER_LAYOUTS.containsKey(l)) {
                    String[] countries = OTHER_LAYOUTS.get(l).split(" ");
                    other = countries.length == 1 ? countries[0] : l;
                    only = countries.length == 1 ? new Country(countries[0]) : null;
                }
                if (known || other != null) byLength.get(n).add(new Pattern(l, known, other, only));
            }
        }
        return byLength.stream().map(List::copyOf).toList();
    }

    /** The layouts of length {@code n} that some format accepts: for tests and docs. */
    static List<String> layouts(int n) {
        return n < 0 || n > MAX_LENGTH ? List.of() : PATTERNS.get(n).stream().map(Pattern::layout).toList();
    }

    public static String describe(Position p) {
        return new String(p.chars()) + Arrays.toString(p.probs());
    }
}
