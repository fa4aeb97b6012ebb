package io.cow.testkit.await;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * How busy the machine is, for the few tests that time something: CI's machine is quiet, a shared developer machine
 * running several builds may not be, and there a timing says nothing about the code.
 */
public final class MachineLoad {

    private MachineLoad() {
    }

    /** The system load average over the last minute per available core (negative where the system does not say). */
    public static double perCore() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os.getSystemLoadAverage() / os.getAvailableProcessors();
    }

    /** Quiet enough to time things: under 3 runnable tasks per core. */
    public static boolean quiet() {
        return perCore() < 3;
    }
}
