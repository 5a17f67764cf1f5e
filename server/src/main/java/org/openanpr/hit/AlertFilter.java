package org.openanpr.hit;

import org.openanpr.access.Visibility;

/**
 * Which hits a listener wants (null fields do not filter; {@code region} is the organisation owning the camera).
 * What it may see is not part of the filter: the {@link AlertHub.Caller} works that out again for every batch.
 */
public record AlertFilter(String region, Long actionId, Long listId) {
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
