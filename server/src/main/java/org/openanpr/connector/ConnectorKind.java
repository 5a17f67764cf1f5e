package org.openanpr.connector;

/** The vendors a connector speaks, each with its format. */
public enum ConnectorKind {
    OPENALPR(new OpenAlpr()),
    PLATE_RECOGNIZER(new PlateRecognizer()),
    HIKVISION(new Hikvision());

    private final VendorFormat format;

    ConnectorKind(VendorFormat format) {
        this.format = format;
    }

    public VendorFormat format() {
        return format;
    }
}
