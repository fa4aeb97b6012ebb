package io.cow.ilink.login;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Console;
import java.util.Optional;

/**
 * Reads the verification number from standard input when it is a terminal; without one, says clearly in
 * the log that the login cannot go on.
 */
public final class ConsoleVerifyCodeSource implements VerifyCodeSource {

    private static final Logger log = LoggerFactory.getLogger("login");

    @Override
    public Optional<String> verifyCode(String prompt, boolean wrongBefore) {
        Console console = System.console();
        if (console == null) {
            log.warn("❗ {} but standard input is not a terminal, so the number cannot be typed in. "
                    + "Start the bot in a terminal (./cow) to log in to iLink, then it resumes without this step.", prompt);
            return Optional.empty();
        }
        String line = console.readLine("%s%s: ", wrongBefore ? "That number was wrong. " : "", prompt);
        if (line == null || line.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(line.strip());
    }
}
