package org.openanpr.demo;

/**
 * One vehicle of the demo population. {@code plate} is written as on the plate itself (dashes, spaces);
 * {@code sidecode} is the Dutch sidecode 1-14, 0 for foreign plates; {@code pace} scales how fast this driver
 * goes relative to the flow, so the same car is consistently a bit quicker or slower between cameras.
 */
record Vehicle(int id, String plate, String country, int sidecode, double pace) {
    private static final String[] MAKES = {"VOLKSWAGEN", "TOYOTA", "PEUGEOT", "RENAULT", "KIA", "OPEL", "FORD", "BMW",
            "SKODA", "VOLVO", "MERCEDES-BENZ", "TESLA"};
    private static final String[] COLOURS = {"grey", "black", "white", "silver", "blue", "red", "green", "brown"};

    /**
     * Make, colour and type, drawn from the vehicle's own id rather than the traffic's random stream, so that the
     * population and its traffic stay what they were for a seed; about one in eight is a van.
     */
    Look look() {
        var rng = new java.util.SplittableRandom(0x5DEECE66DL * (id + 1));
        String type = rng.nextInt(8) == 0 ? "van" : "car";
        return new Look(MAKES[rng.nextInt(MAKES.length)], COLOURS[rng.nextInt(COLOURS.length)], type);
    }

    record Look(String make, String colour, String type) {
    }

    /** The plate the way cameras send it: letters and digits only. */
    String wirePlate() {
        return Plates.wire(plate);
    }
}
