package org.openanpr.hit;

/** What the officer did about a hit. */
public enum Outcome {
    STOPPED_CHECKED, FINE_PAID, ARREST, VEHICLE_SEIZED, NOT_STOPPED, MISREAD
}
