package org.openanpr.http;

/** Pieces of the printable reports (action reports, section violations): text made safe for HTML, and table rows. */
public final class Html {
    private Html() {
    }

    /** The text with {@code < > & " '} escaped; empty for null. */
    public static String escape(String s) {
        if (s == null) return "";
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** A table row of a label and its value, both escaped; an absent value is an empty cell. */
    public static String row(String label, Object value) {
        return "<tr><th>" + escape(label) + "</th><td>" + escape(value == null ? null : String.valueOf(value)) + "</td></tr>";
    }
}
