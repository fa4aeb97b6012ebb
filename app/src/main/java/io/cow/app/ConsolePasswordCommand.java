package io.cow.app;

import picocli.CommandLine.Command;

import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/** Prints the hash of a console password, to put in console.password instead of the password itself. */
@Command(name = "console-password", description = "read a console password (not echoed) and print its hash for console.password")
public final class ConsolePasswordCommand implements Callable<Integer> {

    static final int MIN_LENGTH = 8;

    @Override
    public Integer call() throws Exception {
        String password = read();
        if (password == null || password.length() < MIN_LENGTH) {
            System.err.println("❌ Choose a password of at least " + MIN_LENGTH + " characters.");
            return 1;
        }
        System.out.println(io.cow.app.console.Console.hashPassword(password));
        return 0;
    }

    private static String read() throws Exception {
        Console terminal = System.console();
        if (terminal != null) {
            char[] typed = terminal.readPassword("Console password: ");
            return typed == null ? null : new String(typed);
        }
        return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    }
}
