package org.openanpr.audit;

/**
 * Who did what, as the audit log names them. Owned here, and implemented by the access package's principal, so
 * that {@code audit} does not depend on {@code access}, whose routes record logins and user changes in the log.
 */
public interface Actor {
    /** How the actor appears in the audit log; never a secret. */
    String label();

    /** The organisation the record is filed under; null for the system token, which spans them all. */
    String organisation();
}
