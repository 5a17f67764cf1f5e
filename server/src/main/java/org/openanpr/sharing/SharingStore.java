package org.openanpr.sharing;

import org.openanpr.access.AccessFilter;
import org.openanpr.access.Principal;
import org.openanpr.access.Visibility;
import org.openanpr.camera.Camera;
import org.openanpr.camera.CameraRegistry;
import org.openanpr.db.Sql;
import org.openanpr.db.Tx;

import javax.sql.DataSource;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Sharing agreements, and from them what each caller may see. Visibility is worked out from the database on every
 * request, so a revocation or an end date takes effect at once; only cameras still owned by the sharing
 * organisation count.
 */
public final class SharingStore implements AccessFilter.VisibilityResolver {
    private static final String COLUMNS = "a.id, a.from_organisation, a.to_organisation, a.purpose, a.valid_from, a.valid_until, "
            + "a.reason, array(select camera_id from sharing_camera s where s.agreement_id = a.id order by camera_id), "
            + "a.created_by, a.created_at, a.revoked_at, a.revoked_by";
    private final DataSource db;
    private final CameraRegistry cameras;
    private final Clock clock;

    public SharingStore(DataSource db, CameraRegistry cameras, Clock clock) {
        this.db = db;
        this.cameras = cameras;
        this.clock = clock;
    }

    @Override
    public Visibility visibilityFor(Principal principal) {
        return principal.organisation() == null ? Visibility.everything() : visibilityOf(principal.organisation());
    }

    /** What an organisation's people and lists may see now: its own cameras and those shared with it. */
    public Visibility visibilityOf(String org) {
        Set<String> own = new HashSet<>();
        for (Camera c : cameras.all()) if (org.equals(c.organisation())) own.add(c.id());
        Map<String, Instant> sharedPassages = new HashMap<>();
        Set<String> sharedAny = new HashSet<>();
        Instant now = clock.instant();
        record Shared(String purpose, String camera, Instant from) {
        }
        for (Shared shared : Sql.list(db, """
                select a.purpose, s.camera_id, a.valid_from from sharing_agreement a
                join sharing_camera s on s.agreement_id = a.id
                join camera cam on cam.id = s.camera_id and cam.organisation = a.from_organisation
                where a.to_organisation = ? and a.revoked_at is null and a.valid_from <= ? and a.valid_until > ?""",
                rs -> new Shared(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()), org, now, now)) {
            sharedAny.add(shared.camera());
            // Passages are shared from the agreement's start on, not the owner's whole history; of two agreements
            // for one camera the earlier start holds.
            if (shared.purpose().equals(SharingPurpose.PASSAGES.name()) && !own.contains(shared.camera()))
                sharedPassages.merge(shared.camera(), shared.from(), (a, b) -> a.isBefore(b) ? a : b);
        }
        Set<String> passageCameras = new HashSet<>(own);
        passageCameras.addAll(sharedPassages.keySet());
        Set<String> hitCameras = new HashSet<>(own);
        hitCameras.addAll(sharedAny);
        return new Visibility(org, passageCameras, hitCameras, sharedAny, sharedPassages);
    }

    public record NewAgreement(String fromOrganisation, String toOrganisation, SharingPurpose purpose, Instant validFrom,
                               Instant validUntil, String reason, List<String> cameras, String createdBy) {
    }

    public SharingAgreement create(NewAgreement a) {
        try {
            long id = Tx.sql(db, c -> {
                long newId;
                try (PreparedStatement ps = c.prepareStatement("insert into sharing_agreement (from_organisation, to_organisation, "
                        + "purpose, valid_from, valid_until, reason, created_by) values (?, ?, ?, ?, ?, ?, ?) returning id")) {
                    Sql.bind(c, ps, a.fromOrganisation(), a.toOrganisation(), a.purpose().name(), a.validFrom(), a.validUntil(),
                            a.reason(), a.createdBy());
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        newId = rs.getLong(1);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("insert into sharing_camera (agreement_id, camera_id) values (?, ?)")) {
                    for (String cam : new java.util.TreeSet<>(a.cameras())) {
                        Sql.bind(c, ps, newId, cam);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                return newId;
            });
            return find(id).orElseThrow();
        } catch (SQLException e) {
            throw new IllegalStateException("storing the sharing agreement failed", e);
        }
    }

    public Optional<SharingAgreement> find(long id) {
        return query("where a.id = ?", id).stream().findFirst();
    }

    /** Agreements an organisation gives or receives; all with null. */
    public List<SharingAgreement> list(String organisation) {
        return organisation == null ? query("order by a.id")
                : query("where a.from_organisation = ? or a.to_organisation = ? order by a.id", organisation, organisation);
    }

    /** Ends an agreement now; false when it had already been revoked. */
    public boolean revoke(long id, String by) {
        return Sql.update(db, "update sharing_agreement set revoked_at = ?, revoked_by = ? where id = ? and revoked_at is null",
                clock.instant(), by, id) == 1;
    }

    private List<SharingAgreement> query(String where, Object... args) {
        return Sql.list(db, "select " + COLUMNS + " from sharing_agreement a " + where,
                rs -> new SharingAgreement(rs.getLong(1), rs.getString(2), rs.getString(3),
                        SharingPurpose.valueOf(rs.getString(4)), rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant(),
                        rs.getString(7), Arrays.asList((String[]) rs.getArray(8).getArray()), rs.getString(9),
                        rs.getTimestamp(10).toInstant(), Sql.instant(rs.getTimestamp(11)), rs.getString(12)), args);
    }
}
