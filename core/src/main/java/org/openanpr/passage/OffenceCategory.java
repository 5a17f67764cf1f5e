package org.openanpr.passage;

/**
 * Why passages may be searched at all. Stored passages may be consulted only for serious crime (in the Netherlands:
 * crimes for which pre-trial detention is allowed, art. 67 Sv; art. 126jj Sv), to find a fugitive or a missing
 * person in danger, or for terrorism. Anything else has no legal basis, so it is not on this list.
 */
public enum OffenceCategory {
    ART67_CRIME,
    TERRORISM,
    FUGITIVE,
    MISSING_PERSON,
    OTHER_SERIOUS
}
