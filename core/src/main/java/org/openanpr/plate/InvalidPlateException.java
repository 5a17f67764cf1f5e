package org.openanpr.plate;

/**
 * Text that cannot be a number plate, or a country code that cannot be a country. The message says why in words a
 * user can act on. Messages never repeat the plate text: plates are personal data and these messages end up in logs
 * and HTTP responses.
 */
public final class InvalidPlateException extends IllegalArgumentException {

    public InvalidPlateException(String message) {
        super(message);
    }
}
