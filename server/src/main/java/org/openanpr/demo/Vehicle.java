package org.openanpr.demo;

/**
 * One vehicle of the demo population. {@code plate} is written as on the plate itself (dashes, spaces);
 * {@code sidecode} is the Dutch sidecode 1-14, 0 for foreign plates; {@code pace} scales how fast this driver
 * goes relative to the flow, so the same car is consistently a bit quicker or slower between cameras.
 */
record Vehicle(int id, String plate, String country, int sidecode, double pace) {

    /** The plate the way cameras send it: letters and digits only. */
    String wirePlate() {
        return Plates.wire(plate);
    }
}
