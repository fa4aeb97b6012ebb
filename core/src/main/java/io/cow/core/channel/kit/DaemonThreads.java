package io.cow.core.channel.kit;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bot's threads: daemons (they never keep the JVM alive after the bot closed), named after their job so a
 * thread dump or a per-thread CPU breakdown says who does what.
 */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    /** Threads named {@code name-1}, {@code name-2}, … (for pools). */
    public static ThreadFactory pool(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> create(name + "-" + n.incrementAndGet(), r);
    }

    /** Threads named exactly {@code name} (for an executor of one thread). */
    public static ThreadFactory single(String name) {
        return r -> create(name, r);
    }

    /** Starts one daemon thread. */
    public static Thread start(String name, Runnable task) {
        Thread t = create(name, task);
        t.start();
        return t;
    }

    private static Thread create(String name, Runnable task) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        return t;
    }
}
