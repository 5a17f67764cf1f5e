package org.openanpr.access;

import org.openanpr.db.Sql;

import javax.sql.DataSource;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

public final class OrganisationStore {
    private final DataSource db;

    public OrganisationStore(DataSource db) {
        this.db = db;
    }

    /**
     * Creates the organisation or renames it; a null time zone keeps the one it has ({@link Organisation#DEFAULT_TIME_ZONE}
     * for a new one).
     */
    public Organisation save(Organisation o) {
        String zone = o.timeZone() == null ? null : o.timeZone().getId();
        Sql.update(db, """
                insert into organisation (code, name, kind, time_zone) values (?, ?, ?, coalesce(?, ?))
                on conflict (code) do update set name = excluded.name, kind = excluded.kind,
                    time_zone = coalesce(?, organisation.time_zone)""",
                o.code(), o.name(), o.kind().name(), zone, Organisation.DEFAULT_TIME_ZONE.getId(), zone);
        return find(o.code()).orElseThrow();
    }

    /** The organisation's time zone; {@link Organisation#DEFAULT_TIME_ZONE} for none or an unknown one. */
    public ZoneId timeZone(String code) {
        return code == null ? Organisation.DEFAULT_TIME_ZONE
                : find(code).map(Organisation::timeZone).orElse(Organisation.DEFAULT_TIME_ZONE);
    }

    public Optional<Organisation> find(String code) {
        return query("where code = ?", code).stream().findFirst();
    }

    public List<Organisation> all() {
        return query("order by code");
    }

    private List<Organisation> query(String where, Object... args) {
        return Sql.list(db, "select code, name, kind, time_zone from organisation " + where,
                rs -> new Organisation(rs.getString(1), rs.getString(2), Organisation.Kind.valueOf(rs.getString(3)),
                        ZoneId.of(rs.getString(4))), args);
    }
}
