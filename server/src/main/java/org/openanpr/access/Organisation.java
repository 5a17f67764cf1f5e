package org.openanpr.access;

/** A police region, the national unit, a municipality or another agency: the owner of cameras, lists and users. */
public record Organisation(String code, String name, Kind kind) {
    public enum Kind { POLICE, NATIONAL, MUNICIPALITY, AGENCY, OTHER }
}
