package org.openanpr.exchange;

import org.openanpr.db.Sql;

import javax.sql.DataSource;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The exchange agreements of each organisation, in the database. */
final class Agreements {
    private static final String COLUMNS = "id, organisation, own_authority, own_country, partner_authority, partner_name, partner_country, "
            + "direction, kinds, legal_basis, valid_from, valid_until, created_by, created_at, revoked_at, revoked_by, shared_key";

    record NewAgreement(String organisation, String ownAuthority, String ownCountry, String partnerAuthority, String partnerName,
                        String partnerCountry, ExchangeAgreement.Direction direction, List<ExchangeAgreement.Kind> kinds,
                        String legalBasis, Instant validFrom, Instant validUntil, String createdBy, String sharedKey) {
    }

    private final DataSource db;

    Agreements(DataSource db) {
        this.db = db;
    }

    ExchangeAgreement create(NewAgreement a) {
        long id = Sql.list(db, """
                insert into exchange_agreement (organisation, own_authority, own_country, partner_authority, partner_name,
                    partner_country, direction, kinds, legal_basis, valid_from, valid_until, created_by, shared_key)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""", rs -> rs.getLong(1),
                a.organisation(), a.ownAuthority(), a.ownCountry(), a.partnerAuthority(), a.partnerName(), a.partnerCountry(),
                a.direction().name(), a.kinds().stream().map(Enum::name).distinct().toArray(String[]::new), a.legalBasis(),
                a.validFrom(), a.validUntil(), a.createdBy(), a.sharedKey()).getFirst();
        return find(id).orElseThrow();
    }

    Optional<ExchangeAgreement> find(long id) {
        return query("where id = ?", id).stream().findFirst();
    }

    /** An organisation's agreements (every one, for null), newest first. */
    List<ExchangeAgreement> of(String organisation) {
        return organisation == null ? query("order by id desc") : query("where organisation = ? order by id desc", organisation);
    }

    /** The organisation's agreements with this partner authority naming it as {@code ownAuthority}, newest first. */
    List<ExchangeAgreement> between(String organisation, String ownAuthority, String partnerAuthority) {
        return query("where organisation = ? and own_authority = ? and partner_authority = ? order by valid_until desc, id desc",
                organisation, ownAuthority, partnerAuthority);
    }

    /** Every organisation's agreements naming this partner authority and own authority (for the system token). */
    List<ExchangeAgreement> between(String ownAuthority, String partnerAuthority) {
        return query("where own_authority = ? and partner_authority = ? order by valid_until desc, id desc", ownAuthority, partnerAuthority);
    }

    boolean revoke(long id, String by, Instant at) {
        return Sql.update(db, "update exchange_agreement set revoked_at = ?, revoked_by = ? where id = ? and revoked_at is null",
                at, by, id) == 1;
    }

    private List<ExchangeAgreement> query(String where, Object... args) {
        return Sql.list(db, "select " + COLUMNS + " from exchange_agreement " + where, rs -> new ExchangeAgreement(
                rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                ExchangeAgreement.Direction.valueOf(rs.getString(8)),
                Arrays.stream((String[]) rs.getArray(9).getArray()).map(ExchangeAgreement.Kind::valueOf).toList(),
                rs.getString(10), rs.getTimestamp(11).toInstant(), rs.getTimestamp(12).toInstant(), rs.getString(13),
                rs.getTimestamp(14).toInstant(), Sql.instant(rs.getTimestamp(15)), rs.getString(16), rs.getString(17)), args);
    }
}
