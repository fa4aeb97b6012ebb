package io.cow.core.model;

import java.time.Clock;
import java.time.LocalDate;

/** The system prompt, with {@code {date}} replaced by today's date (contract row 9). */
public final class SystemPrompt {

    private final String template;
    private final Clock clock;

    public SystemPrompt(String template, Clock clock) {
        this.template = template == null ? "" : template;
        this.clock = clock;
    }

    public String render() {
        return render(template, clock);
    }

    /** The prompt as written in the configuration, {@code {date}} not replaced. */
    public String template() {
        return template;
    }

    /** A template with {@code {date}} replaced by today's date. */
    public static String render(String template, Clock clock) {
        return template.indexOf('{') < 0 ? template : template.replace("{date}", LocalDate.now(clock).toString());
    }
}
