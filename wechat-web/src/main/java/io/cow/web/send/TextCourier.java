package io.cow.web.send;

import io.cow.core.channel.kit.Backoff;
import io.cow.core.channel.kit.ChannelFailure;
import io.cow.core.channel.kit.Durations;
import io.cow.core.channel.kit.Pacing;
import io.cow.core.channel.kit.PartSource;
import io.cow.core.channel.kit.SendFailure;
import io.cow.core.channel.kit.SendQueue;
import io.cow.core.message.Chat;
import io.cow.core.message.OutgoingMessage;
import io.cow.web.WebOptions;
import io.cow.web.contact.Contact;
import io.cow.web.http.HttpStatusException;
import io.cow.web.login.CurrentLogin;
import io.cow.web.login.LoggedIn;
import io.cow.web.protocol.Ret;
import io.cow.web.protocol.RetException;
import io.cow.web.protocol.WebApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Sends one text for the channel's send queue, on the channel's one send thread (an account's sends go one at a
 * time, as from the official client). What is web WeChat's own: Ret 1205 ("too frequent") backs off and sends the
 * same text again; while the bot is logged out a text waits for the next login and then finds its chat again by
 * the chat's stable key, because addresses change at every login. Only a failure where WeChat certainly did not take
 * the text (no connection) is retried: after a gateway's 5xx or a connection dropped mid-request the text is reported
 * possibly delivered and not sent again, since web WeChat is not known to dedupe on the ClientMsgId.
 */
public final class TextCourier implements SendQueue.Courier<OutgoingMessage> {

    private static final Logger log = LoggerFactory.getLogger(TextCourier.class);
    /** A text that met a logout waits for this many new logins before it is given up. */
    private static final int LOGINS_TO_WAIT = 3;

    private final WebApi api;
    private final WebOptions options;
    private final CurrentLogin login;
    private final Executor sendThread;
    private final PartSource<OutgoingMessage> parts;
    private final Pacing pacing;
    private volatile boolean closing;

    /** @param parts told before each attempt that the text may now reach WeChat */
    public TextCourier(WebApi api, WebOptions options, CurrentLogin login, Executor sendThread, PartSource<OutgoingMessage> parts) {
        this(api, options, login, sendThread, parts, Pacing.NONE);
    }

    /**
     * @param parts  told before each attempt that the text may now reach WeChat
     * @param pacing the send queue's pacing, told of each 1205 (a governor then pauses all sending)
     */
    public TextCourier(WebApi api, WebOptions options, CurrentLogin login, Executor sendThread, PartSource<OutgoingMessage> parts,
                       Pacing pacing) {
        this.api = api;
        this.options = options;
        this.login = login;
        this.sendThread = sendThread;
        this.parts = parts;
        this.pacing = pacing;
    }

    @Override
    public CompletableFuture<Void> deliver(String lane, OutgoingMessage message) {
        return CompletableFuture.runAsync(() -> {
            try {
                deliverNow(message);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException(SendFailure.notSent("the web channel closed before the text was sent"));
            } catch (IOException | RetException e) {
                throw new CompletionException(e);
            }
        }, sendThread);
    }

    /** The channel is closing: texts no longer wait for a login. */
    public void closing() {
        closing = true;
    }

    /**
     * The text as sent: in a group, with {@code @<asker>} in front when {@code web.mentionAsker} is on (made at each
     * send, so a text sent after a restart reads the same).
     */
    private String text(OutgoingMessage message) {
        if (options.mentionAsker() && message.chat().isGroup() && !message.mentionIds().isEmpty()
                && message.inReplyTo() != null && !message.inReplyTo().sender().name().isBlank()) {
            return "@" + message.inReplyTo().sender().name() + "\u2005" + message.text();
        }
        return message.text();
    }

    private void deliverNow(OutgoingMessage message) throws IOException, RetException, InterruptedException {
        Backoff tooFrequent = new Backoff(options.sendRetryDelay(), upTo(options.sendRetryDelay()));
        Backoff transport = new Backoff(options.retryDelay(), upTo(options.retryDelay()));
        int loggedOut = 0;
        LoggedIn stale = null;
        while (true) {
            Optional<LoggedIn> current = closing ? login.get() : login.await(stale);
            if (current.isEmpty() || current.get() == stale) {
                throw SendFailure.notSent("the web channel closed before the text was sent");
            }
            LoggedIn in = current.get();
            try {
                parts.sending(message);
                // The text's own client id, the same at every attempt and after a restart.
                api.sendText(in.session(), address(in, message.chat()), text(message), message.clientId());
                return;
            } catch (RetException e) {
                if (e.ret() == Ret.TOO_FREQUENT && tooFrequent.failures() < options.sendRetries()) {
                    pacing.tooFrequent(System.nanoTime());
                    Duration delay = tooFrequent.next();
                    Duration paused = pacing.paused(System.nanoTime());
                    log.warn("⚠️ WeChat says the bot sends too fast (Ret 1205); sending again in {} (retry {} of {})",
                            Durations.format(delay.compareTo(paused) >= 0 ? delay : paused), tooFrequent.failures(), options.sendRetries());
                    Thread.sleep(delay.toMillis());
                    awaitPause();
                } else if (e.loggedOut() && loggedOut++ < LOGINS_TO_WAIT) {
                    log.info("A text waits for the next login: {}", ChannelFailure.describe(e));
                    stale = in;
                } else {
                    throw e;
                }
            } catch (IOException e) {
                if (e instanceof HttpStatusException status && status.status() < 500) {
                    throw e;
                }
                if (!(e instanceof ConnectException)) {
                    // WeChat may have taken the text (a gateway's 5xx, a connection dropped after the request went out)
                    // and is not known to dedupe a resend: sending it again could show it twice.
                    throw SendFailure.possiblyDelivered("WeChat may have taken the text (" + ChannelFailure.describe(e) + ")", e);
                }
                if (transport.failures() >= options.sendRetries()) {
                    throw e;
                }
                Duration delay = transport.next();
                log.debug("Sending failed ({}); trying again in {}", ChannelFailure.describe(e), Durations.format(delay));
                Thread.sleep(delay.toMillis());
            }
        }
    }

    /** Waits while the governor pauses sending, looking again every second (its clock may be moved). */
    private void awaitPause() throws InterruptedException {
        Duration paused;
        while (!closing && !(paused = pacing.paused(System.nanoTime())).isZero()) {
            Thread.sleep(Math.max(1, Math.min(paused.toMillis(), 1_000)));
        }
    }

    /** The cap of a backoff that doubles from {@code first} at each of the send retries. */
    private Duration upTo(Duration first) {
        return first.multipliedBy(1L << Math.min(options.sendRetries(), 20));
    }


    /** The chat's address in this login: the same one, or the one its stable key has now. */
    static String address(LoggedIn in, Chat chat) {
        if (in.contacts().get(chat.id()).isPresent() || Contact.SPECIAL_ACCOUNTS.contains(chat.id())) {
            return chat.id();
        }
        return in.contacts().userNameForKey(chat.key(), chat.isGroup()).orElse(chat.id());
    }
}
