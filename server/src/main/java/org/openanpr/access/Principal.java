package org.openanpr.access;

import org.openanpr.audit.Actor;

import java.util.EnumSet;
import java.util.Set;

/**
 * Who is calling. A person (through a session or their own API token) acts for one organisation with the
 * permissions of their roles; a camera may only deliver its own reads; the system token sets the platform up.
 */
public sealed interface Principal extends Actor {
    /** How the caller appears in the audit log; never a secret. */
    @Override
    String label();

    /** The organisation whose data the caller works with; null for the system token, which spans them all. */
    @Override
    String organisation();

    boolean can(Permission permission);

    /**
     * The platform's own token (ANPR_ADMIN_TOKEN or generated at first start), for setting up organisations and
     * their first administrators and for integrations (it may deliver reads for any camera). It may do everything
     * except approve searches: a legal decision belongs to a person of the organisation.
     */
    record SystemAdmin(String label) implements Principal {
        @Override
        public String organisation() {
            return null;
        }

        @Override
        public boolean can(Permission permission) {
            return permission != Permission.APPROVE_SEARCHES;
        }
    }

    record User(long id, String username, String displayName, String organisation, Set<Role> roles)
            implements Principal {
        public User {
            roles = roles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(roles);
        }

        @Override
        public String label() {
            return username;
        }

        @Override
        public boolean can(Permission permission) {
            return Role.permissionsOf(roles).contains(permission);
        }
    }

    record CameraDevice(String cameraId, String organisation, String label) implements Principal {
        @Override
        public boolean can(Permission permission) {
            return permission == Permission.POST_READS;
        }
    }
}
