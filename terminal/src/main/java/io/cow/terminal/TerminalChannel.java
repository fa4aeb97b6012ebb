package io.cow.terminal;

import io.cow.core.channel.Channel;
import io.cow.core.channel.ChannelEvents;
import io.cow.core.channel.kit.DaemonThreads;
import io.cow.core.message.BotAccount;
import io.cow.core.message.Chat;
import io.cow.core.message.IncomingMessage;
import io.cow.core.message.OutgoingMessage;
import io.cow.core.message.Sender;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bot in a terminal: each input line is a message from the user, in a private chat or, after
 * {@code /group <topic>}, in a group where the bot can be @-mentioned. Works with a pipe too: at the end of
 * input {@link #finished()} completes.
 */
public final class TerminalChannel implements Channel {

    static final String HELP = """
            Commands:
              /group <topic>   talk as a member of the group <topic> (try: @%s <keyword> <question>)
              /private         back to the private chat with the bot
              /as <name>       change your name
              /help            this text (#help lists the bot's own commands, such as #reset)
              /quit            leave
            Any other line is a message to the bot.""";

    private final String name;
    private final InputStream in;
    private final PrintStream out;
    private final String botName;
    private final Clock clock;
    private final boolean interactive;
    private final CompletableFuture<Void> inputClosed = new CompletableFuture<>();
    private final AtomicLong ids = new AtomicLong();
    /** Message ids must not repeat across runs: the bot remembers the ids it answered, also after a restart. */
    private final String runId;
    private volatile String userName;
    private volatile Chat chat;
    private volatile Thread reader;
    /** Answers being written; the prompt comes back when none is. */
    private final AtomicInteger answering = new AtomicInteger();
    /** Whether the person was told once why a line got no answer. */
    private final AtomicBoolean toldWhyNotAnswered = new AtomicBoolean();
    /** Whether a prompt waits at the end of the terminal's last line. */
    private boolean promptShown;

    public TerminalChannel(String name, InputStream in, PrintStream out, String botName, String userName, Clock clock,
                           boolean interactive) {
        this.name = name;
        this.in = in;
        this.out = out;
        this.botName = botName;
        this.userName = userName;
        this.clock = clock;
        this.interactive = interactive;
        this.runId = Long.toString(clock.millis(), 36);
        this.chat = privateChat();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void start(ChannelEvents events) {
        events.onLogin(new BotAccount("bot", botName));
        if (interactive) {
            say("Chatting with " + botName + ". Type /help for commands, /quit to leave.");
        }
        reader = DaemonThreads.start("terminal-input", () -> readLines(events));
    }

    /** Completes when the input ends (end of a pipe, Ctrl-D, or /quit); fails when reading it failed. */
    @Override
    public CompletionStage<Void> finished() {
        return inputClosed.minimalCompletionStage();
    }

    private void readLines(ChannelEvents events) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                synchronized (out) {
                    promptShown = false; // the Enter key moved the cursor to a new line
                }
                if (!handleCommand(line.strip())) {
                    if (line.isBlank()) {
                        prompt();
                    } else {
                        events.onMessage(toMessage(line));
                    }
                } else if (line.strip().equals("/quit")) {
                    break;
                }
            }
            inputClosed.complete(null);
        } catch (IOException e) {
            inputClosed.completeExceptionally(new UncheckedIOException("reading the terminal failed", e));
        } catch (RuntimeException e) {
            inputClosed.completeExceptionally(e);
        }
    }

    /** @return true when the line was a command */
    private boolean handleCommand(String line) {
        if (line.equals("/private")) {
            chat = privateChat();
            say("(now in the private chat with " + botName + ")");
        } else if (line.startsWith("/group ") && !line.substring(7).isBlank()) {
            String topic = line.substring(7).strip();
            chat = new Chat("group:" + topic, "group:" + topic, io.cow.core.message.ChatKind.GROUP, topic);
            say("(now in group " + topic + " as " + userName + "; mention the bot with @" + botName + ")");
        } else if (line.startsWith("/as ") && !line.substring(4).isBlank()) {
            userName = line.substring(4).strip();
            if (!chat.isGroup()) {
                chat = privateChat();
            }
            say("(you are now " + userName + ")");
        } else if (line.equals("/help")) {
            say(HELP.formatted(botName));
        } else {
            return line.equals("/quit");
        }
        return true;
    }

    private Chat privateChat() {
        return Chat.privateChat("user:" + userName, userName);
    }

    private IncomingMessage toMessage(String line) {
        return IncomingMessage.text(name(), "terminal-" + runId + "-" + ids.incrementAndGet(), chat,
                        Sender.person("user:" + userName, userName), line)
                .createdAt(clock.instant())
                .botNames(List.of(botName))
                .build();
    }

    @Override
    public CompletableFuture<Void> send(OutgoingMessage message) {
        String who = message.chat().isGroup() ? "[" + message.chat().title() + "] " + botName : botName;
        say(who + ": " + message.text());
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void answerStarted(IncomingMessage message) {
        answering.incrementAndGet();
    }

    @Override
    public void answerFinished(IncomingMessage message) {
        answering.decrementAndGet();
        prompt();
    }

    /** At a terminal, the first line that gets no answer is told why, once; a pipe's output stays the conversation. */
    @Override
    public void notAnswered(IncomingMessage message, String reason) {
        if (interactive && toldWhyNotAnswered.compareAndSet(false, true)) {
            say("(no answer: " + reason + "; this is said once)");
        } else {
            prompt();
        }
    }

    /**
     * Prints a line of the conversation. At a terminal, over the waiting prompt (erased with the ANSI "erase line"
     * every terminal of today knows), and the prompt follows unless an answer is still being written.
     */
    private void say(String text) {
        synchronized (out) {
            if (promptShown) {
                out.print("\r\u001b[2K");
                promptShown = false;
            }
            out.println(text);
            out.flush();
        }
        if (answering.get() == 0) {
            prompt();
        }
    }

    /** Shows the prompt at a terminal (never in a pipe's output), unless it is shown already. */
    private void prompt() {
        if (!interactive) {
            return;
        }
        synchronized (out) {
            if (!promptShown) {
                Chat current = chat;
                out.print((current.isGroup() ? "[" + current.title() + "] " : "") + userName + "> ");
                out.flush();
                promptShown = true;
            }
        }
    }

    @Override
    public void close() {
        Thread t = reader;
        if (t != null) {
            t.interrupt();
        }
    }
}
