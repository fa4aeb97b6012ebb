package io.cow.core.log;

import java.io.Console;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/** Whether this process talks to a person at a terminal, or to a pipe or file. */
public final class Terminals {

    private Terminals() {
    }

    /**
     * True when standard input and output are a terminal. Java 22 and later give a {@link Console} for pipes too, and
     * say with {@code Console.isTerminal()} (asked by reflection: the bot's bytecode is Java 17's) whether it is one.
     */
    public static boolean interactive() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException beforeJava22) {
            return true;
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot ask the console whether it is a terminal", e);
        }
    }
}
