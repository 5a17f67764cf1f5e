package org.openanpr.http;

import io.javalin.http.Context;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.Instant;

/** Query parameters with the reason spelled out when one is malformed. */
public final class Params {
    private Params() {
    }

    /** Times and dates outside these years are typing errors or probes; the database could not store them anyway. */
    public static final int FIRST_YEAR = 1900;
    public static final int LAST_YEAR = 9999;

    public static Instant instant(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) return null;
        return valid(() -> instant(name, value));
    }

    /**
     * An ISO-8601 time with offset between {@value #FIRST_YEAR} and {@value #LAST_YEAR}, to the microsecond (the nearest
     * one); IllegalArgumentException otherwise. PostgreSQL keeps microseconds: a search for a period given to the
     * nanosecond would otherwise never be covered by the approval filed for that same period, stored rounded.
     */
    public static Instant instant(String name, String value) {
        OffsetDateTime t;
        try {
            t = OffsetDateTime.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + ": not an ISO-8601 time with offset, e.g. 2026-11-23T08:15:00+01:00");
        }
        return inYears(name, t.toInstant().plusNanos(500).truncatedTo(ChronoUnit.MICROS));
    }

    /** A day such as 2026-11-23 between {@value #FIRST_YEAR} and {@value #LAST_YEAR}; null when absent, 400 otherwise. */
    public static LocalDate day(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) return null;
        return valid(() -> day(name, value));
    }

    /** A day such as 2026-11-23 between {@value #FIRST_YEAR} and {@value #LAST_YEAR}; IllegalArgumentException otherwise. */
    public static LocalDate day(String name, String value) {
        LocalDate d;
        try {
            d = LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + ": a date such as 2026-11-23");
        }
        inYears(name, d.atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
        return d;
    }

    /** The time itself when its (UTC) year is within {@value #FIRST_YEAR}-{@value #LAST_YEAR}; IllegalArgumentException otherwise. */
    public static Instant inYears(String name, Instant t) {
        int year = t.atOffset(java.time.ZoneOffset.UTC).getYear();
        if (year < FIRST_YEAR || year > LAST_YEAR)
            throw new IllegalArgumentException(name + ": year " + year + " is outside " + FIRST_YEAR + "-" + LAST_YEAR);
        return t;
    }

    public static int integer(Context ctx, String name, int defaultValue, int min, int max) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) return defaultValue;
        try {
            int n = Integer.parseInt(value.trim());
            if (n < min || n > max) throw ApiException.badRequest(name + ": must be between " + min + " and " + max);
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + ": not a whole number");
        }
    }

    public static boolean bool(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) return false;
        return switch (value.trim().toLowerCase()) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw ApiException.badRequest(name + ": must be true or false");
        };
    }

    /** A numeric path parameter such as a list or action id; 404 when it cannot name anything. */
    public static long id(Context ctx, String name) {
        try {
            return Long.parseLong(ctx.pathParam(name));
        } catch (NumberFormatException e) {
            throw ApiException.notFound("no " + name + " '" + ctx.pathParam(name) + "'");
        }
    }

    /** A plate as sent (query parameter or body field): normalised, null when absent, 400 when it is no plate. */
    public static String plate(String value) {
        if (value == null || value.isBlank()) return null;
        try {
            return org.openanpr.plate.Plates.normalise(value);
        } catch (org.openanpr.plate.InvalidPlateException e) {
            throw ApiException.badRequest("plate: " + e.getMessage());
        }
    }

    /**
     * A plate to search for, normalised; it may hold {@value org.openanpr.hotlist.ListEntry#WILDCARD} wildcards, each
     * one unknown character, as list entries do (with at least three known characters), or be a partial plate with
     * {@code *} for any run of unknown characters ({@link org.openanpr.passage.PartialPlate}). 400 with the reason otherwise.
     */
    public static String platePattern(String value) {
        if (value == null || value.isBlank()) return null;
        try {
            // A witness's partial plate ('*': any run of unknown characters) is searched as a pattern too.
            if (org.openanpr.passage.PartialPlate.isPartial(value)) return org.openanpr.passage.PartialPlate.normalise(value);
            return org.openanpr.hotlist.ListEntry.pattern(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("plate: " + e.getMessage());
        }
    }

    /** A request body as JSON of the given shape; 400 naming the first problem otherwise. */
    public static <T> T body(Context ctx, Class<T> type, String what) {
        try {
            T value = org.openanpr.http.Json.MAPPER.readValue(ctx.body(), type);
            if (value == null) throw ApiException.badRequest("body: expected " + what);
            return value;
        } catch (java.io.IOException e) {
            throw ApiException.badRequest("body is not " + what + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** Bodies up to this declared length are read into one array allocated up front. */
    private static final int PREALLOCATED_BODY = 4 * 1024 * 1024;

    /**
     * The request's body as bytes, at most {@code max} (413 beyond; told before reading where its length is declared).
     * A declared length is read straight into one array of that size: Javalin's {@code bodyAsBytes} copies a body
     * through a growing buffer, three copies of every camera message's images.
     */
    public static byte[] bodyBytes(Context ctx, long max) {
        long declared = ctx.contentLength();
        if (declared > max) throw new ApiException(413, "body of " + declared + " bytes exceeds the limit of " + max + " bytes");
        try {
            java.io.InputStream in = ctx.req().getInputStream();
            byte[] body;
            if (declared >= 0 && declared <= PREALLOCATED_BODY) {
                body = new byte[(int) declared];
                int n = in.readNBytes(body, 0, body.length);
                if (n < body.length) throw ApiException.badRequest("body cut off: " + n + " of the " + declared + " bytes announced");
                return body;
            }
            // A larger announced body is taken as it arrives: an announcement alone must not reserve the memory.
            body = in.readNBytes((int) Math.min(max + 1, Integer.MAX_VALUE - 8));
            if (body.length > max) throw new ApiException(413, "body exceeds the limit of " + max + " bytes");
            return body;
        } catch (java.io.IOException e) {
            throw ApiException.badRequest("body could not be read: " + e.getMessage());
        }
    }

    /** Runs a validation, turning its IllegalArgumentException into a 400 with the same reason. */
    public static <T> T valid(java.util.function.Supplier<T> validation) {
        try {
            return validation.get();
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    /** An optional whole-number query parameter such as a list or action id. */
    public static Long optionalLong(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) return null;
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + ": not a whole number");
        }
    }
}
