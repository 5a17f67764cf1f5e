package org.openanpr.passage;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a camera says about the vehicle besides its plate: make, model, colour and type, each optional. Normalised on
 * the way in so that two cameras' words compare (clone checks, search): make and model in capitals as the Dutch vehicle
 * registry writes them ({@code VOLKSWAGEN}), colour and type mapped onto a small vocabulary where the word is known in
 * English or Dutch ({@code wit}, {@code White}, {@code light grey} become {@code white} and {@code grey}) and kept in
 * lower case otherwise, so that no read is lost over an unusual word.
 */
public record VehicleDescription(String make, String model, String colour, String type) {
    public static final VehicleDescription NONE = new VehicleDescription(null, null, null, null);

    /** Letters of any script, digits and the punctuation makes and models use; no separators of CSV or markup. */
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} .&/+'-]*");
    private static final int MAX_NAME = 40;
    private static final int MAX_WORD = 32;

    private static final Map<String, String> COLOURS = Map.ofEntries(
            Map.entry("black", "black"), Map.entry("zwart", "black"),
            Map.entry("white", "white"), Map.entry("wit", "white"),
            Map.entry("grey", "grey"), Map.entry("gray", "grey"), Map.entry("grijs", "grey"),
            Map.entry("silver", "silver"), Map.entry("zilver", "silver"),
            Map.entry("red", "red"), Map.entry("rood", "red"),
            Map.entry("blue", "blue"), Map.entry("blauw", "blue"),
            Map.entry("green", "green"), Map.entry("groen", "green"),
            Map.entry("yellow", "yellow"), Map.entry("geel", "yellow"),
            Map.entry("orange", "orange"), Map.entry("oranje", "orange"),
            Map.entry("brown", "brown"), Map.entry("bruin", "brown"),
            Map.entry("beige", "beige"), Map.entry("cream", "beige"), Map.entry("creme", "beige"),
            Map.entry("purple", "purple"), Map.entry("paars", "purple"), Map.entry("violet", "purple"),
            Map.entry("pink", "pink"), Map.entry("roze", "pink"),
            Map.entry("gold", "gold"), Map.entry("goud", "gold"));
    private static final Pattern SPACES = Pattern.compile("\\s+");
    /** Shades that do not change the colour's name. */
    private static final Pattern SHADE = Pattern.compile("^(dark|light|donker|licht|metallic)[ -]?|[ -]?(metallic)$");

    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("car", "car"), Map.entry("personenauto", "car"), Map.entry("passenger car", "car"),
            Map.entry("sedan", "car"), Map.entry("hatchback", "car"), Map.entry("suv", "car"), Map.entry("estate", "car"),
            Map.entry("wagon", "car"), Map.entry("coupe", "car"), Map.entry("convertible", "car"), Map.entry("minivan", "car"),
            Map.entry("van", "van"), Map.entry("bestelauto", "van"), Map.entry("bestelwagen", "van"), Map.entry("pickup", "van"),
            Map.entry("pickup truck", "van"),
            Map.entry("truck", "truck"), Map.entry("vrachtauto", "truck"), Map.entry("vrachtwagen", "truck"),
            Map.entry("lorry", "truck"), Map.entry("tractor unit", "truck"),
            Map.entry("bus", "bus"), Map.entry("coach", "bus"), Map.entry("autobus", "bus"),
            Map.entry("motorcycle", "motorcycle"), Map.entry("motorbike", "motorcycle"), Map.entry("motor", "motorcycle"),
            Map.entry("motorfiets", "motorcycle"), Map.entry("scooter", "moped"), Map.entry("moped", "moped"),
            Map.entry("bromfiets", "moped"),
            Map.entry("trailer", "trailer"), Map.entry("aanhangwagen", "trailer"), Map.entry("oplegger", "trailer"));

    /**
     * Normalises what the camera sent; blank fields are absent.
     *
     * @throws IllegalArgumentException naming the field, when a value is not a name (control characters, markup) or too long
     */
    public static VehicleDescription of(String make, String model, String colour, String type) {
        if (make == null && model == null && colour == null && type == null) return NONE; // most reads
        VehicleDescription d = new VehicleDescription(name("make", make), name("model", model),
                word("colour", colour, COLOURS), word("vehicleType", type, TYPES));
        return d.isEmpty() ? NONE : d;
    }

    public boolean isEmpty() {
        return make == null && model == null && colour == null && type == null;
    }

    /**
     * Whether the two cannot describe the same vehicle: both name a make, a known colour or a known type, and they
     * differ. A word outside the vocabulary proves nothing ("anthracite" may be grey).
     */
    public boolean conflictsWith(VehicleDescription other) {
        return differ(make, other.make) || differ(known(colour, COLOURS), known(other.colour, COLOURS))
                || differ(known(type, TYPES), known(other.type, TYPES));
    }

    private static boolean differ(String a, String b) {
        return a != null && b != null && !a.equals(b);
    }

    private static String known(String word, Map<String, String> vocabulary) {
        return word != null && vocabulary.containsValue(word) ? word : null;
    }

    private static String name(String field, String value) {
        String v = blankToNull(value);
        if (v == null) return null;
        if (v.length() > MAX_NAME) throw new IllegalArgumentException(field + ": at most " + MAX_NAME + " characters");
        if (!NAME.matcher(v).matches())
            throw new IllegalArgumentException(field + ": letters, digits, spaces and . & / + ' - only");
        return v.toUpperCase(Locale.ROOT);
    }

    private static String word(String field, String value, Map<String, String> vocabulary) {
        String v = blankToNull(value);
        if (v == null) return null;
        if (v.length() > MAX_WORD) throw new IllegalArgumentException(field + ": at most " + MAX_WORD + " characters");
        if (!NAME.matcher(v).matches())
            throw new IllegalArgumentException(field + ": letters, digits, spaces and . & / + ' - only");
        String lower = v.toLowerCase(Locale.ROOT);
        String known = vocabulary.get(lower);
        if (known == null) known = vocabulary.get(SHADE.matcher(lower).replaceAll("").trim());
        return known != null ? known : lower;
    }

    private static String blankToNull(String value) {
        if (value == null) return null;
        String v = SPACES.matcher(value.strip()).replaceAll(" ");
        return v.isEmpty() ? null : v;
    }
}
