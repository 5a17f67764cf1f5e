package org.openanpr.connector;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Locale;

/**
 * One vendor's messages turned into reads: pure (no I/O, no clock), so that each is tested against the vendor's own
 * published samples and the variants field equipment sends.
 */
public sealed interface VendorFormat permits OpenAlpr, PlateRecognizer, Hikvision, Frigate, GenericJson, BlueIris {

    /** @throws UnreadablePayload naming what is wrong, when the message carries nothing we can read */
    Decoded decode(Payload payload) throws UnreadablePayload;

    /**
     * The most likely value of a vendor attribute, written as a list of guesses ({@code [{"name":..,"confidence":..}]},
     * OpenALPR), one guess object, or a plain string; the first guess is the vendor's best.
     */
    static String best(JsonNode attribute, String... keys) {
        if (attribute == null || attribute.isNull()) return null;
        if (attribute.isTextual()) return attribute.asText().isBlank() ? null : attribute.asText().strip();
        JsonNode guess = attribute.isArray() ? (attribute.isEmpty() ? null : attribute.get(0)) : attribute;
        if (guess == null) return null;
        if (guess.isTextual()) return guess.asText();
        for (String key : keys) {
            String v = Fields.text(guess, key);
            if (v != null) return v;
        }
        return null;
    }

    /** A vendor's colour ("silver-gray", "dark_blue") as a word our vocabulary knows where it can ("silver"). */
    static String colour(String vendor) {
        if (vendor == null) return null;
        String c = vendor.toLowerCase(Locale.ROOT).replace('_', ' ');
        int dash = c.indexOf('-');
        return dash > 0 ? c.substring(0, dash) : c;
    }

    /** A body type ("sedan-standard", "SUV-crossover", "pickup_truck") as its first word. */
    static String bodyType(String vendor) {
        if (vendor == null) return null;
        String t = vendor.toLowerCase(Locale.ROOT).replace('_', ' ');
        int dash = t.indexOf('-');
        return dash > 0 ? t.substring(0, dash) : t;
    }

    /** The country from a region code: "us-mo" → US, "nl" → NL; none for a continent ("eu") or nonsense. */
    static String country(String region) {
        if (region == null) return null;
        String r = region.strip().toLowerCase(Locale.ROOT);
        int dash = r.indexOf('-');
        String c = dash > 0 ? r.substring(0, dash) : r;
        if (c.equals("eu")) return null;
        boolean code = (c.length() == 2 || c.length() == 3) && c.chars().allMatch(ch -> ch >= 'a' && ch <= 'z');
        return code ? c.toUpperCase(Locale.ROOT) : null;
    }
}
