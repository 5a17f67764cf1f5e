package org.openanpr.investigation;

import java.time.Instant;

/** A section speed control: two of an organisation's cameras, the road distance between them and the limit. */
public record Section(long id, String organisation, String name, String entryCamera, String exitCamera,
                      double distanceMetres, int limitKmh, int marginKmh, String createdBy, Instant createdAt) {
    public SectionSpeed speed() {
        return new SectionSpeed(distanceMetres, limitKmh, marginKmh);
    }
}
