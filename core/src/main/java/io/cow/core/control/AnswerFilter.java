package io.cow.core.control;

import java.util.function.Consumer;

/**
 * Sits between the model's streamed answer and the reply: masks banned words line by line (a word is never split
 * between two pieces that go out), or holds the whole answer back and sends the withheld-reply when it has one.
 */
public final class AnswerFilter implements Consumer<String> {

    private final BannedWords words;
    private final boolean withhold;
    private final String withheldReply;
    private final Consumer<String> sink;
    private final StringBuilder pending = new StringBuilder();
    private boolean withheld;

    AnswerFilter(BannedWords words, boolean withhold, String withheldReply, Consumer<String> sink) {
        this.words = words;
        this.withhold = withhold;
        this.withheldReply = withheldReply;
        this.sink = sink;
    }

    @Override
    public void accept(String piece) {
        pending.append(piece);
        if (withhold) {
            return;
        }
        int newline = pending.lastIndexOf("\n");
        if (newline >= 0) {
            String lines = pending.substring(0, newline + 1);
            pending.delete(0, newline + 1);
            sink.accept(words.mask(lines));
        }
    }

    /** The answer is complete: what was held goes out. */
    public void finish() {
        String rest = pending.toString();
        pending.setLength(0);
        if (withhold && words.first(rest).isPresent()) {
            withheld = true;
            sink.accept(withheldReply);
        } else if (!rest.isEmpty()) {
            sink.accept(withhold ? rest : words.mask(rest));
        }
    }

    /** Whether the answer was withheld. */
    public boolean withheld() {
        return withheld;
    }
}
