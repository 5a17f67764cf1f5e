package org.openanpr.action;

import org.openanpr.http.Html;
import org.openanpr.hit.Hit;
import org.openanpr.hit.StatsRow;
import org.openanpr.hotlist.ReferenceList;
import org.openanpr.http.Csv;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a region reports about an enforcement action: its plan, the totals (scanned, hits, stopped, fines, arrests,
 * seizures, misreads), the same per camera and per list, and every hit with its outcome.
 */
public record ActionReport(EnforcementAction action, String status, List<StatsRow> totals, List<StatsRow> perCamera,
                           List<StatsRow> perList, List<Hit> hits, List<ReferenceList> lists) {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final List<String> HEADER = List.of("scope", "key", "scanned", "hits", "open", "hit_rate", "stopped",
            "checked", "fines_paid", "amount_collected", "arrests", "seizures", "not_stopped", "misreads", "misread_rate");

    public StatsRow total() {
        return totals.isEmpty() ? new StatsRow(String.valueOf(action.id()), 0, 0, 0, 0, 0, 0, 0, BigDecimal.ZERO, 0, 0, 0, 0, 0)
                : totals.getFirst();
    }

    public String csv() {
        StringBuilder sb = new StringBuilder();
        Csv csv = new Csv(sb).row(HEADER);
        row(csv, "action", total());
        for (StatsRow r : perCamera) row(csv, "camera", r);
        for (StatsRow r : perList) row(csv, "list", r);
        return sb.toString();
    }

    private static void row(Csv csv, String scope, StatsRow r) {
        csv.row(scope, r.key(), r.scanned(), r.hits(), r.open(), String.format(Locale.ROOT, "%.4f", r.hitRate()),
                r.stopped(), r.checked(), r.finesPaid(), r.amountCollected(), r.arrests(), r.seizures(), r.notStopped(),
                r.misreads(), String.format(Locale.ROOT, "%.4f", r.misreadRate()));
    }

    /** The reader's language for the printed report: Dutch or English, as the web app offers. */
    public enum Language {
        EN, NL;

        /**
         * {@code lang} as asked ({@code ?lang=}), else the web app's choice (cookie {@code anpr_lang}), else the
         * browser's first preference of the two ({@code Accept-Language}), else English.
         */
        public static Language choose(String asked, String cookie, String acceptLanguage) {
            for (String s : new String[] {asked, cookie}) {
                if (s == null) continue;
                String code = s.strip().toLowerCase(Locale.ROOT);
                if (code.startsWith("nl")) return NL;
                if (code.startsWith("en")) return EN;
            }
            if (acceptLanguage != null) {
                for (Locale.LanguageRange r : Locale.LanguageRange.parse(acceptLanguage)) {
                    if (r.getRange().startsWith("nl")) return NL;
                    if (r.getRange().startsWith("en")) return EN;
                }
            }
            return EN;
        }
    }

    /** Printed labels, English and Dutch, as the web app words them. */
    private static final Map<String, String[]> LABELS = Map.ofEntries(
            Map.entry("title", new String[] {"Action report", "Actierapport"}),
            Map.entry("Organisation", new String[] {"Organisation", "Organisatie"}),
            Map.entry("Place", new String[] {"Place", "Plaats"}),
            Map.entry("From", new String[] {"From", "Van"}),
            Map.entry("Until", new String[] {"Until", "Tot"}),
            Map.entry("Status", new String[] {"Status", "Status"}),
            Map.entry("Team", new String[] {"Team", "Team"}),
            Map.entry("Cameras", new String[] {"Cameras", "Camera's"}),
            Map.entry("Lists", new String[] {"Lists", "Lijsten"}),
            Map.entry("Totals", new String[] {"Totals", "Totalen"}),
            Map.entry("Reads scanned", new String[] {"Reads scanned", "Gescande lezingen"}),
            Map.entry("Hits", new String[] {"Hits", "Hits"}),
            Map.entry("Hit rate", new String[] {"Hit rate", "Hitratio"}),
            Map.entry("Vehicles stopped", new String[] {"Vehicles stopped", "Voertuigen staande gehouden"}),
            Map.entry("Checked", new String[] {"Checked", "Gecontroleerd"}),
            Map.entry("Fines paid", new String[] {"Fines paid", "Boetes betaald"}),
            Map.entry("Amount collected", new String[] {"Amount collected", "Bedrag geïnd"}),
            Map.entry("Arrests", new String[] {"Arrests", "Aanhoudingen"}),
            Map.entry("Vehicles seized", new String[] {"Vehicles seized", "Voertuigen in beslag genomen"}),
            Map.entry("Not stopped", new String[] {"Not stopped", "Niet staande gehouden"}),
            Map.entry("Misreads", new String[] {"Misreads", "Misgelezen"}),
            Map.entry("Still open", new String[] {"Still open", "Nog open"}),
            Map.entry("Per camera", new String[] {"Per camera", "Per camera"}),
            Map.entry("Per list", new String[] {"Per list", "Per lijst"}),
            Map.entry("Scanned", new String[] {"Scanned", "Gescand"}),
            Map.entry("Stopped", new String[] {"Stopped", "Staande gehouden"}),
            Map.entry("Amount", new String[] {"Amount", "Bedrag"}),
            Map.entry("Seized", new String[] {"Seized", "In beslag"}),
            Map.entry("Time", new String[] {"Time", "Tijd"}),
            Map.entry("Camera", new String[] {"Camera", "Camera"}),
            Map.entry("Plate", new String[] {"Plate", "Kenteken"}),
            Map.entry("List", new String[] {"List", "Lijst"}),
            Map.entry("Match", new String[] {"Match", "Match"}),
            Map.entry("Outcome", new String[] {"Outcome", "Afloop"}),
            Map.entry("Note", new String[] {"Note", "Notitie"}),
            Map.entry("open", new String[] {"open", "open"}),
            Map.entry("times", new String[] {"Times in %s.", "Tijden in %s."}),
            Map.entry("PLANNED", new String[] {"planned", "gepland"}),
            Map.entry("RUNNING", new String[] {"running", "loopt"}),
            Map.entry("ENDED", new String[] {"ended", "afgelopen"}),
            Map.entry("EXACT", new String[] {"exact", "exact"}),
            Map.entry("FUZZY", new String[] {"possible misread", "mogelijk misgelezen"}),
            Map.entry("WILDCARD", new String[] {"wildcard", "jokerteken"}),
            Map.entry("STOPPED_CHECKED", new String[] {"Stopped and checked", "Staande gehouden en gecontroleerd"}),
            Map.entry("FINE_PAID", new String[] {"Fine paid", "Boete betaald"}),
            Map.entry("ARREST", new String[] {"Arrest", "Aanhouding"}),
            Map.entry("VEHICLE_SEIZED", new String[] {"Vehicle seized", "Voertuig in beslag genomen"}),
            Map.entry("NOT_STOPPED", new String[] {"Not stopped", "Niet staande gehouden"}),
            Map.entry("MISREAD", new String[] {"Misread", "Misgelezen"}));

    /** The printable report in the reader's language, times on the clock of the action's organisation. */
    public String html(Language language, ZoneId zone) {
        java.util.function.Function<String, String> l = key -> {
            String[] both = LABELS.get(key);
            return both == null ? key : both[language.ordinal()];
        };
        Locale locale = language == Language.NL ? Locale.forLanguageTag("nl-NL") : Locale.forLanguageTag("en-GB");
        DateTimeFormatter time = LOCAL.withZone(zone);
        java.text.NumberFormat money = java.text.NumberFormat.getCurrencyInstance(locale);
        money.setCurrency(java.util.Currency.getInstance("EUR"));
        StatsRow t = total();
        StringBuilder sb = new StringBuilder("<!doctype html><html lang=\"" + language.name().toLowerCase(Locale.ROOT)
                + "\"><head><meta charset=\"utf-8\"><title>" + esc(l.apply("title")) + "</title>\n"
                + "<link rel=\"stylesheet\" href=\"/static/report.css\"><link rel=\"icon\" href=\"/static/favicon.svg\"></head><body>\n");
        sb.append("<h1>").append(esc(l.apply("title"))).append(": ").append(esc(action.name())).append("</h1>\n<table>")
                .append(tr(l.apply("Organisation"), action.organisation())).append(tr(l.apply("Place"), action.place()))
                .append(tr(l.apply("From"), time.format(action.startsAt()))).append(tr(l.apply("Until"), time.format(action.endsAt())))
                .append(tr(l.apply("Status"), l.apply(status))).append(tr(l.apply("Team"), action.team()))
                .append(tr(l.apply("Cameras"), String.join(", ", action.cameras())))
                .append(tr(l.apply("Lists"), String.join(", ", lists.stream().map(x -> x.name() + " (" + x.legalBasis() + ")").toList())))
                .append("</table>\n<p>").append(esc(l.apply("times").formatted(zone.getId()))).append("</p>\n<h2>")
                .append(esc(l.apply("Totals"))).append("</h2><table>")
                .append(tr(l.apply("Reads scanned"), t.scanned())).append(tr(l.apply("Hits"), t.hits()))
                .append(tr(l.apply("Hit rate"), String.format(locale, "%.2f %%", t.hitRate() * 100)))
                .append(tr(l.apply("Vehicles stopped"), t.stopped())).append(tr(l.apply("Checked"), t.checked()))
                .append(tr(l.apply("Fines paid"), t.finesPaid())).append(tr(l.apply("Amount collected"), money.format(t.amountCollected())))
                .append(tr(l.apply("Arrests"), t.arrests())).append(tr(l.apply("Vehicles seized"), t.seizures()))
                .append(tr(l.apply("Not stopped"), t.notStopped())).append(tr(l.apply("Misreads"), t.misreads()))
                .append(tr(l.apply("Still open"), t.open())).append("</table>\n");
        table(sb, l, money, "Per camera", perCamera);
        table(sb, l, money, "Per list", perList);
        sb.append("<h2>").append(esc(l.apply("Hits"))).append("</h2><table><tr>");
        for (String h : new String[] {"Time", "Camera", "Plate", "List", "Match", "Outcome", "Amount", "Note"})
            sb.append("<th>").append(esc(l.apply(h))).append("</th>");
        sb.append("</tr>");
        for (Hit h : hits)
            sb.append("<tr><td>").append(time.format(h.time())).append("</td><td>").append(esc(h.camera())).append("</td><td>")
                    .append(esc(h.display())).append("</td><td>").append(esc(h.listName())).append("</td><td>")
                    .append(esc(l.apply(h.matchKind()))).append("</td><td>")
                    .append(esc(h.outcome() == null ? l.apply("open") : l.apply(h.outcome().name()))).append("</td><td class=n>")
                    .append(h.outcomeAmount() == null ? "" : esc(money.format(h.outcomeAmount()))).append("</td><td>")
                    .append(esc(h.outcomeNote())).append("</td></tr>");
        return sb.append("</table></body></html>\n").toString();
    }

    private static void table(StringBuilder sb, java.util.function.Function<String, String> l, java.text.NumberFormat money,
                              String title, List<StatsRow> rows) {
        sb.append("<h2>").append(esc(l.apply(title))).append("</h2><table><tr><th></th>");
        for (String h : new String[] {"Scanned", "Hits", "Stopped", "Fines paid", "Amount", "Arrests", "Seized", "Misreads"})
            sb.append("<th>").append(esc(l.apply(h))).append("</th>");
        sb.append("</tr>");
        for (StatsRow r : rows)
            sb.append("<tr><td>").append(esc(r.key())).append("</td><td class=n>").append(r.scanned()).append("</td><td class=n>")
                    .append(r.hits()).append("</td><td class=n>").append(r.stopped()).append("</td><td class=n>")
                    .append(r.finesPaid()).append("</td><td class=n>").append(esc(money.format(r.amountCollected())))
                    .append("</td><td class=n>").append(r.arrests()).append("</td><td class=n>").append(r.seizures())
                    .append("</td><td class=n>").append(r.misreads()).append("</td></tr>");
        sb.append("</table>\n");
    }

    private static String tr(String label, Object value) {
        return Html.row(label, value);
    }

    static String esc(String s) {
        return Html.escape(s);
    }
}
