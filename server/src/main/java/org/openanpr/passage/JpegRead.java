package org.openanpr.passage;

/**
 * A read whose images its sender already holds as JPEG bytes (a vendor's message its connector decoded), so that they
 * are not encoded to base64 only to be decoded again: {@code plateJpeg} and {@code overviewJpeg} stand in for the
 * read's base64 {@code plateImage} and {@code overviewImage}, and are checked the same way (size, JPEG).
 */
public record JpegRead(IncomingRead read, byte[] plateJpeg, byte[] overviewJpeg) {
}
