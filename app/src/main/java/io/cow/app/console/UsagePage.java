package io.cow.app.console;

import io.cow.core.store.DailyUsage;
import io.javalin.config.RoutesConfig;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Tokens in and out per day, per chat, person and model, as the store adds them up; and the same as CSV. */
final class UsagePage {

    static final int MAX_DAYS = 400;
    static final String CSV_HEADER = "day,channel,chat,person,model,requests,prompt_tokens,completion_tokens,estimated_requests";

    private final ConsoleSources sources;

    UsagePage(ConsoleSources sources) {
        this.sources = sources;
    }

    void routes(RoutesConfig routes) {
        routes.get("/api/usage", this::usage);
        routes.get("/api/usage.csv", this::csv);
    }

    private void usage(Context ctx) {
        LocalDate[] range = range(ctx);
        List<DailyUsage> rows = sources.usage().daily(range[0], range[1]);
        Map<String, long[]> perDay = new TreeMap<>();
        for (LocalDate day = range[0]; !day.isAfter(range[1]); day = day.plusDays(1)) {
            perDay.put(day.toString(), new long[3]);
        }
        List<Map<String, Object>> table = new ArrayList<>();
        for (DailyUsage row : rows) {
            long[] day = perDay.get(row.day().toString());
            day[0] += row.promptTokens();
            day[1] += row.completionTokens();
            day[2] += row.requests();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("day", row.day().toString());
            out.put("channel", row.channel());
            out.put("chat", row.chatKey());
            out.put("person", row.memberKey());
            out.put("model", row.model());
            out.put("requests", row.requests());
            out.put("promptTokens", row.promptTokens());
            out.put("completionTokens", row.completionTokens());
            out.put("estimatedRequests", row.estimatedRequests());
            table.add(out);
        }
        List<Map<String, Object>> days = new ArrayList<>();
        perDay.forEach((day, sums) -> days.add(Map.of("day", day, "promptTokens", sums[0], "completionTokens", sums[1],
                "requests", sums[2])));
        Web.json(ctx, Map.of("from", range[0].toString(), "to", range[1].toString(), "days", days, "rows", table));
    }

    private void csv(Context ctx) {
        LocalDate[] range = range(ctx);
        StringBuilder csv = new StringBuilder(CSV_HEADER).append("\r\n");
        for (DailyUsage row : sources.usage().daily(range[0], range[1])) {
            csv.append(row.day()).append(',').append(cell(row.channel())).append(',').append(cell(row.chatKey())).append(',')
                    .append(cell(row.memberKey())).append(',').append(cell(row.model())).append(',').append(row.requests())
                    .append(',').append(row.promptTokens()).append(',').append(row.completionTokens()).append(',')
                    .append(row.estimatedRequests()).append("\r\n");
        }
        ctx.contentType("text/csv; charset=utf-8");
        ctx.header("Content-Disposition", "attachment; filename=\"usage-" + range[0] + "-" + range[1] + ".csv\"");
        ctx.result(csv.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A CSV cell (RFC 4180 quoting); a value a spreadsheet would run as a formula (=, +, -, @) gets a leading quote
     * mark, since chat names come from strangers.
     */
    static String cell(String value) {
        String text = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }

    /** The {@code from} and {@code to} days of the request; the last 30 days by default. */
    private LocalDate[] range(Context ctx) {
        LocalDate today = LocalDate.now(sources.clock());
        try {
            LocalDate to = LocalDate.parse(ctx.queryParamAsClass("to", String.class).getOrDefault(today.toString()));
            LocalDate from = LocalDate.parse(ctx.queryParamAsClass("from", String.class).getOrDefault(to.minusDays(29).toString()));
            if (from.isAfter(to) || ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
                throw new BadRequestResponse("from must be before to, at most " + MAX_DAYS + " days apart");
            }
            return new LocalDate[]{from, to};
        } catch (DateTimeParseException e) {
            throw new BadRequestResponse("days are written 2026-12-07");
        }
    }
}
