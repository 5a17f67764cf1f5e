package org.openanpr.profile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.openanpr.access.OrganisationStore;
import org.openanpr.access.Visibility;
import org.openanpr.audit.AuditEntry;
import org.openanpr.audit.AuditLog;
import org.openanpr.db.Sql;
import org.openanpr.db.Tx;
import org.openanpr.http.Json;
import org.openanpr.passage.LegalBasis;
import org.openanpr.passage.OffenceCategory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Standing approvals for scheduled profile runs ({@link ProfileSchedule}) in PostgreSQL, and the runs themselves:
 * {@link #runDue} is called by the server's maintenance schedule every minute and runs each schedule that is due,
 * approved, unexpired and whose profile is switched on. A run reads what an on-demand run of the profile by the
 * organisation would read (its own and shared cameras), keeps its candidates in the shape the run route answers, and
 * writes a {@code PASSAGE_SEARCH} record naming the standing approval, in the same transaction as the stored run.
 */
public final class ProfileSchedules {
    private static final Logger log = LoggerFactory.getLogger(ProfileSchedules.class);
    /** A scheduled run's candidates are findings about vehicles: kept as long as clone suspects and section violations. */
    static final Duration RUNS_KEPT = Duration.ofDays(28);
    private static final String COLUMNS = "s.id, s.organisation, s.profile_id, p.name, s.every_minutes, s.window_hours, s.case_number, s.offence,"
            + " s.purpose, s.requested_by, s.requested_days, s.status, s.decided_by, s.decided_at, s.decision_note, s.valid_until,"
            + " s.revoked_by, s.revoked_at, s.next_run_at, s.created_at";
    private static final String FROM = " from profile_schedule s join pattern_profile p on p.id = s.profile_id ";
    private final DataSource db;
    private final ProfileStore profiles;
    private final OrganisationStore organisations;
    private final Function<String, Visibility> visibilityOf;
    private final AuditLog audit;
    private final Clock clock;

    public ProfileSchedules(DataSource db, ProfileStore profiles, OrganisationStore organisations, Function<String, Visibility> visibilityOf,
                            AuditLog audit, Clock clock) {
        this.db = db;
        this.profiles = profiles;
        this.organisations = organisations;
        this.visibilityOf = visibilityOf;
        this.audit = audit;
        this.clock = clock;
    }

    public record Run(long id, long scheduleId, Instant ranAt, Instant from, Instant to, long passagesExamined, int candidatesFound,
                      JsonNode candidates, long auditSeq) {
    }

    public ProfileSchedule request(String organisation, long profileId, Duration every, Duration window, LegalBasis basis, String by,
                                   int days) {
        long id = Sql.list(db, "insert into profile_schedule (organisation, profile_id, every_minutes, window_hours, case_number, offence,"
                        + " purpose, requested_by, requested_days, status) values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING') returning id",
                rs -> rs.getLong(1), organisation, profileId, (int) every.toMinutes(), (int) window.toHours(), basis.caseNumber(),
                basis.offence().name(), basis.purpose(), by, days).getFirst();
        return find(id, organisation).orElseThrow();
    }

    /** @param organisation null: any organisation's */
    public Optional<ProfileSchedule> find(long id, String organisation) {
        return Sql.list(db, "select " + COLUMNS + FROM + "where s.id = ? and (?::text is null or s.organisation = ?)", ProfileSchedules::read,
                id, organisation, organisation).stream().findFirst();
    }

    /** An organisation's schedules, newest first; {@code requestedBy} (if given) only that person's. */
    public List<ProfileSchedule> list(String organisation, String requestedBy) {
        return Sql.list(db, "select " + COLUMNS + FROM + "where (?::text is null or s.organisation = ?) and (?::text is null or s.requested_by = ?)"
                + " order by s.id desc limit 500", ProfileSchedules::read, organisation, organisation, requestedBy, requestedBy);
    }

    /** Approves a pending schedule until {@code validUntil}, its first run due at once; empty when it was no longer pending. */
    public Optional<ProfileSchedule> approve(long id, String by, String note, Instant at, Instant validUntil) {
        int n = Sql.update(db, "update profile_schedule set status = 'APPROVED', decided_by = ?, decided_at = ?, decision_note = ?,"
                + " valid_until = ?, next_run_at = ? where id = ? and status = 'PENDING'", by, at, note, validUntil, at, id);
        return n == 1 ? find(id, null) : Optional.empty();
    }

    /** Refuses a pending schedule; empty when it was no longer pending. */
    public Optional<ProfileSchedule> refuse(long id, String by, String note, Instant at) {
        int n = Sql.update(db, "update profile_schedule set status = 'REFUSED', decided_by = ?, decided_at = ?, decision_note = ?"
                + " where id = ? and status = 'PENDING'", by, at, note, id);
        return n == 1 ? find(id, null) : Optional.empty();
    }

    /** Ends an approved schedule for good; empty when it was not approved (pending, refused or already revoked). */
    public Optional<ProfileSchedule> revoke(long id, String by, String note, Instant at) {
        int n = Sql.update(db, "update profile_schedule set status = 'REVOKED', revoked_by = ?, revoked_at = ?,"
                + " decision_note = coalesce(?, decision_note), next_run_at = null where id = ? and status = 'APPROVED'", by, at, note, id);
        return n == 1 ? find(id, null) : Optional.empty();
    }

    public List<Run> runs(long scheduleId, int limit) {
        return Sql.list(db, "select id, schedule_id, ran_at, from_at, to_at, passages_examined, candidates_found, candidates::text, audit_seq"
                + " from profile_schedule_run where schedule_id = ? order by id desc limit ?", ProfileSchedules::run, scheduleId, limit);
    }

    /**
     * Runs every schedule that is due now and may run: approved, before its end, its profile switched on. Each is first
     * claimed by moving its next run on, so that several serve nodes sharing the database run it once. A node that was
     * down does not catch up run by run: the next run is one interval after this one. Also drops runs older than
     * {@link #RUNS_KEPT}.
     *
     * @return the runs made
     */
    public int runDue() {
        Instant now = clock.instant();
        Sql.update(db, "delete from profile_schedule_run where ran_at < ?", now.minus(RUNS_KEPT));
        List<ProfileSchedule> due = Sql.list(db, "select " + COLUMNS + FROM + "where s.status = 'APPROVED' and s.next_run_at <= ?"
                + " and s.valid_until > ? and p.active order by s.next_run_at", ProfileSchedules::read, now, now);
        int ran = 0;
        for (ProfileSchedule s : due) {
            Instant next = s.nextRunAt().plus(s.every());
            if (!next.isAfter(now)) next = now.plus(s.every());
            if (Sql.update(db, "update profile_schedule set next_run_at = ? where id = ? and next_run_at = ? and status = 'APPROVED'",
                    next, s.id(), s.nextRunAt()) != 1) continue; // another node claimed it, or it was revoked meanwhile
            try {
                runOnce(s, now);
                ran++;
            } catch (RuntimeException | SQLException e) {
                log.error("scheduled run of profile {} (standing approval {}) failed; next at {}", s.profileId(), s.id(), next, e);
            }
        }
        return ran;
    }

    private void runOnce(ProfileSchedule s, Instant now) throws SQLException {
        Profile profile = profiles.find(s.profileId(), s.organisation()).orElseThrow(() -> new IllegalStateException("profile gone"));
        Instant to = now.truncatedTo(ChronoUnit.MILLIS);
        Instant from = to.minus(s.window());
        ProfileStore.Run result = profiles.run(profile.rule(), from, to, visibilityOf.apply(s.organisation()),
                organisations.timeZone(s.organisation()));
        List<Candidate> kept = result.candidates().subList(0, Math.min(ProfileRoutes.MAX_CANDIDATES, result.candidates().size()));
        String candidates;
        try {
            candidates = Json.MAPPER.writeValueAsString(kept.stream().map(ProfileRoutes::json).toList());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("candidates as JSON", e);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("analysis", "profile");
        details.put("scheduled", true);
        details.put("standingApproval", s.id());
        details.put("requestedBy", s.requestedBy());
        details.put("approvedBy", s.decidedBy());
        details.put("validUntil", s.validUntil().toString());
        details.put("profile", profile.id());
        details.put("profileName", profile.name());
        details.put("from", from.toString());
        details.put("to", to.toString());
        if (!profile.rule().lookBack().isZero()) details.put("lookBackFrom", from.minus(profile.rule().lookBack()).toString());
        details.put("candidates", result.candidates().size());
        details.put("passagesExamined", result.passages());
        AuditEntry entry = new AuditEntry("standing approval " + s.id(), s.organisation(), AuditEntry.Action.PASSAGE_SEARCH,
                "every plate", s.legalBasis().offence().name(), s.legalBasis().caseNumber(), s.legalBasis().purpose(), kept.size(), details);
        Tx.sql(db, c -> {
            long seq = audit.record(c, entry);
            try (PreparedStatement ps = c.prepareStatement("insert into profile_schedule_run (schedule_id, ran_at, from_at, to_at,"
                    + " passages_examined, candidates_found, candidates, audit_seq) values (?, ?, ?, ?, ?, ?, ?::jsonb, ?)")) {
                Sql.bind(c, ps, s.id(), now, from, to, result.passages(), result.candidates().size(), candidates, seq);
                ps.executeUpdate();
            }
            return seq;
        });
    }

    private static ProfileSchedule read(ResultSet rs) throws SQLException {
        return new ProfileSchedule(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), Duration.ofMinutes(rs.getInt(5)),
                Duration.ofHours(rs.getInt(6)), new LegalBasis(rs.getString(7), OffenceCategory.valueOf(rs.getString(8)), rs.getString(9)),
                rs.getString(10), rs.getInt(11), ProfileSchedule.Status.valueOf(rs.getString(12)), rs.getString(13), at(rs, 14),
                rs.getString(15), at(rs, 16), rs.getString(17), at(rs, 18), at(rs, 19), at(rs, 20));
    }

    private static Instant at(ResultSet rs, int i) throws SQLException {
        Timestamp t = rs.getTimestamp(i);
        return t == null ? null : t.toInstant();
    }

    private static Run run(ResultSet rs) throws SQLException {
        try {
            return new Run(rs.getLong(1), rs.getLong(2), at(rs, 3), at(rs, 4), at(rs, 5), rs.getLong(6), rs.getInt(7),
                    Json.MAPPER.readTree(rs.getString(8)), rs.getLong(9));
        } catch (JsonProcessingException e) {
            throw new SQLException("profile_schedule_run.candidates is not JSON", e);
        }
    }
}
