package org.openanpr.passage;

import java.util.Locale;

/**
 * How the vehicle moved past the camera, as far as the camera says: {@code direction} relative to the camera or a
 * zone (in: approaching, entering; out: leaving), or a compass {@code heading} in degrees, and the {@code speed} it
 * measured in km/h. Each optional.
 */
public record Travel(Direction direction, Integer heading, Double speed) {
    public static final Travel NONE = new Travel(null, null, null);
    /** Above any road vehicle's speed: a larger figure is a unit or sensor error, not a measurement. */
    public static final double MAX_SPEED = 400;

    public enum Direction { IN, OUT }

    /**
     * @param direction {@code in}/{@code out} (also {@code approaching}/{@code receding}, {@code towards}/{@code away},
     *                  Dutch {@code in}/{@code uit}), or a heading 0..359 in degrees
     * @throws IllegalArgumentException naming the field
     */
    public static Travel of(String direction, Double speed) {
        if (direction == null && speed == null) return NONE; // most reads: no allocation, no parsing
        Direction d = null;
        Integer heading = null;
        String v = direction == null ? null : direction.strip().toLowerCase(Locale.ROOT);
        if (v != null && !v.isEmpty()) {
            switch (v) {
                case "in", "approaching", "towards", "incoming", "entry", "binnen" -> d = Direction.IN;
                case "out", "uit", "receding", "away", "outgoing", "exit", "buiten" -> d = Direction.OUT;
                default -> heading = heading(v);
            }
        }
        if (speed != null && !(speed >= 0 && speed <= MAX_SPEED))
            throw new IllegalArgumentException("speed: km/h between 0 and " + (int) MAX_SPEED + ", got " + speed);
        return d == null && heading == null && speed == null ? NONE : new Travel(d, heading, speed);
    }

    private static int heading(String v) {
        double degrees;
        try {
            degrees = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("direction: in, out or a heading in degrees, got '" + v + "'");
        }
        if (!(degrees >= 0 && degrees <= 360))
            throw new IllegalArgumentException("direction: a heading between 0 and 360 degrees, got " + v);
        return (int) Math.round(degrees) % 360;
    }

    /** The wire form: {@code in}, {@code out}, or null. */
    public String directionName() {
        return direction == null ? null : direction.name().toLowerCase(Locale.ROOT);
    }
}
