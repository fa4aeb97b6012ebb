package io.cow.app;

import io.cow.app.config.ConfigReport;
import io.cow.core.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.List;
import java.util.concurrent.Callable;

/** Validates the configuration and prints it, secrets redacted. */
@Command(name = "check-config", description = "validate the configuration and print the effective values (secrets redacted); exits non-zero on errors")
public final class CheckConfigCommand implements Callable<Integer> {

    /** The command line's options ({@code --config}, {@code --data}), which Main holds for every command. */
    @CommandLine.ParentCommand
    Main main;

    /** Prints every value, the proxy and the warnings, then "Configuration OK." or exits 2 naming what is wrong. */
    @Override
    public Integer call() {
        Startup startup = main.options.load();
        // Exactly the checks run makes before it starts, so the two never disagree. The values and warnings are printed
        // either way, so that a misspelt key shows next to the value it failed to set.
        Startup.Configured configured = null;
        ConfigException problems = null;
        try {
            configured = startup.configure();
        } catch (ConfigException e) {
            problems = e;
        }
        ConfigReport.print(startup.settings(), startup.loaded(), startup.warnings(),
                configured == null ? List.of() : configured.instances(), System.out);
        System.out.println();
        if (problems != null) {
            System.out.flush();
            Main.printConfigError(problems);
            return Main.CONFIG_ERROR;
        }
        System.out.println("Configuration OK.");
        return 0;
    }
}
