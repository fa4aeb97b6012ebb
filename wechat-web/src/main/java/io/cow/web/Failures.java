package io.cow.web;

/** Says what went wrong in a few words, for log lines: many network exceptions carry no message of their own. */
public final class Failures {

    private Failures() {
    }

    public static String describe(Throwable e) {
        StringBuilder out = new StringBuilder();
        Throwable t = e;
        for (int depth = 0; t != null && depth < 3; depth++, t = t.getCause()) {
            String message = t.getMessage();
            String part = message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
            if (out.indexOf(part) < 0) {
                if (!out.isEmpty()) {
                    out.append(": ");
                }
                out.append(part);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return out.toString();
    }
}
