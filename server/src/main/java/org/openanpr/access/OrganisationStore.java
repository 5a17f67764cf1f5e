package org.openanpr.access;

import org.openanpr.db.Sql;

import javax.sql.DataSource;
import java.util.List;
import java.util.Optional;

public final class OrganisationStore {
    private final DataSource db;

    public OrganisationStore(DataSource db) {
        this.db = db;
    }

    /** Creates the organisation or renames it. */
    public Organisation save(Organisation o) {
        Sql.update(db, """
                insert into organisation (code, name, kind) values (?, ?, ?)
                on conflict (code) do update set name = excluded.name, kind = excluded.kind""", o.code(), o.name(), o.kind().name());
        return o;
    }

    public Optional<Organisation> find(String code) {
        return query("where code = ?", code).stream().findFirst();
    }

    public List<Organisation> all() {
        return query("order by code");
    }

    private List<Organisation> query(String where, Object... args) {
        return Sql.list(db, "select code, name, kind from organisation " + where,
                rs -> new Organisation(rs.getString(1), rs.getString(2), Organisation.Kind.valueOf(rs.getString(3))), args);
    }
}
