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
        return template.replace("{date}", LocalDate.now(clock).toString());
    }
}
