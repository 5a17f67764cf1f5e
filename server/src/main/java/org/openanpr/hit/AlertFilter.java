package org.openanpr.hit;

import org.openanpr.access.Visibility;

import java.util.function.Supplier;

/**
 * Which hits a listener wants (null fields do not filter; {@code region} is the organisation owning the camera) and
 * which it may see: {@code organisation} is the listener's (null for the system token) and {@code visibility} works
 * out what it may see now, asked again for every batch of alerts so that a revoked agreement holds at once.
 */
public record AlertFilter(String region, Long actionId, Long listId, String organisation, Supplier<Visibility> visibility) {
    public boolean accepts(Hit hit, String cameraOrganisation) {
        return (region == null || region.equals(cameraOrganisation))
                && (actionId == null || actionId.equals(hit.actionId()))
                && (listId == null || listId == hit.listId());
    }

    /** Whether a listener that may see {@code v} may receive this hit: the same rule as the hit queries' SQL. */
    public static boolean sees(Visibility v, Hit hit, String cameraOrganisation) {
        return v.seesHit(hit.organisation(), hit.camera(), cameraOrganisation);
    }
}
