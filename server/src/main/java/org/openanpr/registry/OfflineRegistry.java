package org.openanpr.registry;

import org.openanpr.zone.Vehicle;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** The registry as loaded into the {@code vehicle} table: one indexed lookup per batch of plates. */
public final class OfflineRegistry implements VehicleRegistry {
    @Override
    public String source() {
        return "rdw-offline";
    }

    @Override
    public Map<String, Vehicle> lookup(Connection c, Set<String> plates) throws SQLException {
        Map<String, Vehicle> out = new HashMap<>();
        if (plates.isEmpty()) return out;
        try (PreparedStatement ps = c.prepareStatement("""
                select plate, kind, make, model, category, fuels, euro_class, max_mass_kg, first_admission
                from vehicle where plate = any(?)""")) {
            ps.setArray(1, c.createArrayOf("text", plates.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Array fuels = rs.getArray(6);
                    out.put(rs.getString(1), new Vehicle(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), new java.util.HashSet<>(java.util.Arrays.asList((String[]) fuels.getArray())), rs.getObject(7, Integer.class),
                            rs.getObject(8, Integer.class), rs.getObject(9, java.time.LocalDate.class)));
                }
            }
        }
        return out;
    }
}
