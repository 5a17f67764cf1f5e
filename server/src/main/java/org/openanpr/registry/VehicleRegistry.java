package org.openanpr.registry;

import org.openanpr.zone.Vehicle;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;

/**
 * The vehicle registry a zone decides with: what the vehicle authority says about a plate. One interface, its source
 * chosen where the server is wired: the offline copy of the RDW open data, loaded by {@code anpr registry load}, held in
 * memory ({@link MemoryRegistry}) or read from its table ({@link OfflineRegistry}). A client of the live RDW open-data
 * API would be a third implementation; it is not built.
 */
public interface VehicleRegistry {
    /** Where the data comes from, recorded with every decision (e.g. "rdw-offline loaded 2026-11-30T02:00:00Z"). */
    String source();

    /**
     * The registry's entries for these plates (normalised); a plate it does not know is absent.
     *
     * @param c the read pipeline's connection, inside its transaction (the offline registry reads through it and
     *          never takes a connection of its own)
     */
    Map<String, Vehicle> lookup(Connection c, Set<String> plates) throws SQLException;
}
