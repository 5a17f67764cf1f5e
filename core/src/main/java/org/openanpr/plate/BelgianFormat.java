package org.openanpr.plate;

/** Belgian plates by year of introduction; older layouts are still on the road. */
enum BelgianFormat implements PlateFormat {
    /** Current layout, e.g. {@code 1-ABC-123}. */
    BE_2010("BE-2010", "9-XXX-999"),
    /** 1973-2008, e.g. {@code ABC-123}. */
    BE_1973("BE-1973", "XXX-999"),
    /** 2008-2010, e.g. {@code 123-ABC}. */
    BE_2008("BE-2008", "999-XXX");

    private final String id;
    private final Layout layout;

    BelgianFormat(String id, String template) {
        this.id = id;
        this.layout = new Layout(template);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Country country() {
        return Country.BE;
    }

    @Override
    public boolean matches(String text) {
        return layout.fits(text);
    }

    @Override
    public String display(String text) {
        return layout.display(text);
    }
}
