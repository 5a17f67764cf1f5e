package org.openanpr.http;

/**
 * A request the server refuses; becomes {@code {"status":..,"error":..,"reason":..}} with that HTTP status, plus any
 * further fields the caller can act on (e.g. why a search needs approval).
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final java.util.Map<String, Object> fields;

    public ApiException(int status, String reason) {
        this(status, reason, java.util.Map.of());
    }

    public ApiException(int status, String reason, java.util.Map<String, Object> fields) {
        super(reason);
        this.status = status;
        this.fields = java.util.Map.copyOf(fields);
    }

    public static ApiException badRequest(String reason) {
        return new ApiException(400, reason);
    }

    public static ApiException notFound(String reason) {
        return new ApiException(404, reason);
    }

    public static ApiException forbidden(String reason) {
        return new ApiException(403, reason);
    }

    public int status() {
        return status;
    }

    public java.util.Map<String, Object> fields() {
        return fields;
    }
}
