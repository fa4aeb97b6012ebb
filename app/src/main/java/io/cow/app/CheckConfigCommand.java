package io.cow.app;

import io.cow.app.config.ConfigReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** Validates the configuration and prints it, secrets redacted. */
@Command(name = "check-config", description = "validate the configuration and print the effective values (secrets redacted); exits non-zero on errors")
public final class CheckConfigCommand implements Callable<Integer> {

    /** The command line's options ({@code --config}, {@code --data}), which Main holds for every command. */
    @CommandLine.ParentCommand
    Main main;

    @Override
    public Integer call() {
        Startup startup = main.options.load();
        // Exactly the checks run makes before it starts, so the two never disagree.
        Startup.Configured configured = startup.configure();
        ConfigReport.print(startup.settings(), startup.loaded(), startup.warnings(), configured.instances(), System.out);
        return 0;
    }
}
