package org.openanpr.hit;

/**
 * Which alerts a listener wants (null fields do not filter; {@code region} is the organisation owning the camera).
 * What it may see is not part of the filter: the {@link AlertHub.Caller} works that out again for every batch
 * and {@link HitVisibility} decides.
 */
public record AlertFilter(String region, Long actionId, Long listId) {
    public boolean accepts(Hit hit, String cameraOrganisation) {
        return (region == null || region.equals(cameraOrganisation))
                && (actionId == null || actionId.equals(hit.actionId()))
                && (listId == null || listId == hit.listId());
    }

    /** A finding comes from no list and no action: a listener that asked for one list or action does not want it. */
    public boolean accepts(FindingAlert finding) {
        return listId == null && actionId == null && (region == null || region.equals(finding.region()));
    }
}
