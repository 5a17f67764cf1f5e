package org.openanpr.access;

/** What a caller may do. Roles grant sets of these; route handlers ask for exactly one. */
public enum Permission {
    POST_READS,
    VIEW_HITS,
    HANDLE_HITS,
    VIEW_CAMERAS,
    MANAGE_CAMERAS,
    SEARCH_PASSAGES,
    APPROVE_SEARCHES,
    VIEW_STATS,
    VIEW_LISTS,
    MANAGE_LISTS,
    MANAGE_ACTIONS,
    VIEW_AUDIT,
    MANAGE_RETENTION,
    MANAGE_USERS,
    MANAGE_SHARING,
    MANAGE_ORGANISATIONS,
    /** See a municipality's zones, their rules and figures. */
    VIEW_ZONES,
    /** Set zones up, record sign inspections, handle fines (appeal, paid, export). */
    MANAGE_ZONES,
    /** Enter, decide and import exemptions (ontheffingen). */
    MANAGE_EXEMPTIONS,
    /** Review zone cases (the second observation): confirm or reject, see their images and evidence. */
    REVIEW_ZONE_CASES,
    /** Have OpenANPR read the plates in an uploaded image (nothing is stored but the audit record). */
    RECOGNIZE_IMAGES
}
