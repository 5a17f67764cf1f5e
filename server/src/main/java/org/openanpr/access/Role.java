package org.openanpr.access;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

import static org.openanpr.access.Permission.*;

/**
 * The jobs people do in a back office, each with only the permissions that job needs. Approving a search over the
 * legal threshold is the privacy officer's, so that no one approves their own search.
 */
public enum Role {
    OFFICER(VIEW_HITS, HANDLE_HITS, VIEW_CAMERAS, VIEW_LISTS, RECOGNIZE_IMAGES),
    ANALYST(VIEW_HITS, VIEW_CAMERAS, SEARCH_PASSAGES, VIEW_STATS, VIEW_LISTS, RECOGNIZE_IMAGES),
    LIST_MANAGER(VIEW_HITS, VIEW_CAMERAS, VIEW_LISTS, MANAGE_LISTS, MANAGE_ACTIONS, VIEW_STATS),
    PRIVACY_OFFICER(VIEW_CAMERAS, VIEW_STATS, VIEW_AUDIT, MANAGE_RETENTION, APPROVE_SEARCHES),
    ADMINISTRATOR(VIEW_CAMERAS, MANAGE_CAMERAS, VIEW_STATS, MANAGE_USERS, MANAGE_SHARING, RECOGNIZE_IMAGES),
    /** A municipality's zone enforcement: zones, rules, exemptions, fines and appeals; not the review itself. */
    ZONE_MANAGER(VIEW_CAMERAS, VIEW_STATS, VIEW_ZONES, MANAGE_ZONES, MANAGE_EXEMPTIONS),
    /** A BOA (buitengewoon opsporingsambtenaar) who reviews zone cases: the second observation before a fine. */
    ENFORCEMENT_OFFICER(VIEW_CAMERAS, VIEW_ZONES, REVIEW_ZONE_CASES);

    private final Set<Permission> permissions;

    Role(Permission first, Permission... rest) {
        this.permissions = EnumSet.of(first, rest);
    }

    public Set<Permission> permissions() {
        return permissions;
    }

    public static Set<Permission> permissionsOf(Collection<Role> roles) {
        Set<Permission> all = EnumSet.noneOf(Permission.class);
        for (Role r : roles) all.addAll(r.permissions);
        return all;
    }
}
