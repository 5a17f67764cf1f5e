package org.openanpr.access;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

public final class OrganisationStore {
    private final DataSource db;

    public OrganisationStore(DataSource db) {
        this.db = db;
    }

    /** Creates the organisation or renames it. */
    public Organisation save(Organisation o) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("""
                insert into organisation (code, name, kind) values (?, ?, ?)
                on conflict (code) do update set name = excluded.name, kind = excluded.kind""")) {
            ps.setString(1, o.code());
            ps.setString(2, o.name());
            ps.setString(3, o.kind().name());
            ps.executeUpdate();
            return o;
        } catch (SQLException e) {
            throw new IllegalStateException("storing organisation " + o.code() + " failed", e);
        }
    }

    public Optional<Organisation> find(String code) {
        return query("where code = ?", code).stream().findFirst();
    }

    public List<Organisation> all() {
        return query("order by code");
    }

    private List<Organisation> query(String where, Object... args) {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("select code, name, kind from organisation " + where)) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            List<Organisation> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new Organisation(rs.getString(1), rs.getString(2), Organisation.Kind.valueOf(rs.getString(3))));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("reading organisations failed", e);
        }
    }
}
