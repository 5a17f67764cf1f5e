package org.openanpr.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

/**
 * CSV as every export writes it (lists, audit log, passages, action reports): one column per header column in every
 * row, an empty cell for a missing value, RFC 4180 quoting. Text that a spreadsheet would run as a formula (starting
 * with {@code = + - @}, a tab or a carriage return) gets a leading apostrophe, which spreadsheets show as text and
 * hide; {@link #unescape} takes it off again on import. Numbers are written as they are: {@code -5} is no formula.
 */
public final class Csv {
    private final Appendable out;

    public Csv(Appendable out) {
        this.out = out;
    }

    public Csv row(Object... cells) {
        return row(Arrays.asList(cells)); // not List.of: it refuses the nulls that are empty cells
    }

    public Csv row(List<?> cells) {
        try {
            for (int i = 0; i < cells.size(); i++) {
                if (i > 0) out.append(',');
                out.append(cell(cells.get(i)));
            }
            out.append('\n');
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One cell's text: empty for null, numbers and booleans plain, text defused and quoted where needed. */
    public static String cell(Object value) {
        if (value == null) return "";
        if (value instanceof BigDecimal d) return d.toPlainString();
        if (value instanceof Number || value instanceof Boolean) return value.toString();
        String s = value.toString();
        if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) s = "'" + s;
        boolean quote = s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0
                || !s.equals(s.strip()); // an importer that trims would lose the spaces otherwise
        return quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    /** The text of a cell as exported by {@link #cell}: the apostrophe put before a formula character taken off. */
    public static String unescape(String cell) {
        if (cell != null && cell.length() >= 2 && cell.charAt(0) == '\'' && "=+-@\t\r".indexOf(cell.charAt(1)) >= 0)
            return cell.substring(1);
        return cell;
    }
}
