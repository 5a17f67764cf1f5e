package org.openanpr.connector;

import com.fasterxml.jackson.databind.JsonNode;

/** The vendors a connector speaks, each with its format; the MQTT ones subscribe to a broker instead of being posted to. */
public enum ConnectorKind {
    OPENALPR(new OpenAlpr(), false),
    PLATE_RECOGNIZER(new PlateRecognizer(), false),
    HIKVISION(new Hikvision(), false),
    /** Blue Iris alerts with CodeProject.AI's plates; reads its time zone and country from the settings. */
    BLUE_IRIS(null, false),
    FRIGATE(new Frigate(), true),
    GENERIC_MQTT(null, true),
    /** A watched folder: not a message format, see {@link FolderDrop}. */
    FOLDER(null, false);

    private final VendorFormat format;
    private final boolean mqtt;

    ConnectorKind(VendorFormat format, boolean mqtt) {
        this.format = format;
        this.mqtt = mqtt;
    }

    /** The format for a connector of this kind with these settings (the generic one reads its field mapping there). */
    public VendorFormat format(JsonNode settings) {
        if (this == BLUE_IRIS) return BlueIris.of(settings);
        return format != null ? format : GenericJson.of(settings);
    }

    /** Whether equipment posts to this connector's ingest route (not a broker or a folder). */
    public boolean posted() {
        return !mqtt && this != FOLDER;
    }

    public boolean mqtt() {
        return mqtt;
    }
}
