package org.openanpr.hotlist;

import java.util.List;

/** An import refused as a whole; {@code problems} name lines or items ("line 7: plate: ..."). */
public final class ImportException extends RuntimeException {
    private final List<String> problems;

    public ImportException(List<String> problems) {
        super("import rejected, nothing changed: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
