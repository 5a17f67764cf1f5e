package org.openanpr.http;

/** A request the server refuses; becomes {@code {"status":..,"error":..,"reason":..}} with that HTTP status. */
public final class ApiException extends RuntimeException {
    private final int status;

    public ApiException(int status, String reason) {
        super(reason);
        this.status = status;
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
}
