package io.cow.web.send;

import io.cow.core.message.Chat;
import io.cow.core.message.OutgoingMessage;
import io.cow.web.Failures;
import io.cow.web.WebOptions;
import io.cow.web.contact.Contact;
import io.cow.web.login.CurrentLogin;
import io.cow.web.login.LoggedIn;
import io.cow.web.protocol.Ret;
import io.cow.web.protocol.RetException;
import io.cow.web.protocol.WebApi;
import io.cow.web.http.HttpStatusException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends texts one after another from a single thread, so replies to a chat go out in the order queued, with
 * a pause between consecutive sends (WeChat limits how fast an account sends). Ret 1205 ("too frequent")
 * backs off and retries the same message; while the bot is logged out, sends wait for the next login and then
 * find the chat again by its stable key, because addresses change at every login.
 */
public final class Outbox implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Outbox.class);
    private static final long DRAIN_ON_CLOSE_MILLIS = 5_000;

    private record Job(OutgoingMessage message, String clientMsgId, CompletableFuture<Void> done) {
    }

    private final WebApi api;
    private final WebOptions options;
    private final CurrentLogin login;
    private final LinkedBlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    private final AtomicLong lastClientMsgId = new AtomicLong();
    private final Thread worker;
    private volatile boolean closing;
    private long lastSendNanos;
    private boolean sentAny;

    public Outbox(WebApi api, WebOptions options, CurrentLogin login) {
        this.api = api;
        this.options = options;
        this.login = login;
        this.worker = new Thread(this::run, "web-send");
        this.worker.setDaemon(true);
    }

    public void start() {
        worker.start();
    }

    /** Queues a text; the future completes once WeChat accepted it. */
    public CompletableFuture<Void> submit(OutgoingMessage message) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (closing) {
            done.completeExceptionally(new IllegalStateException("the web channel is closed"));
            return done;
        }
        queue.add(new Job(message, nextClientMsgId(), done));
        return done;
    }

    /** A 13-digit millisecond time and 4 random digits, as the official client makes them; never repeated. */
    String nextClientMsgId() {
        long candidate = System.currentTimeMillis() * 10_000 + ThreadLocalRandom.current().nextInt(10_000);
        return String.valueOf(lastClientMsgId.accumulateAndGet(candidate, (last, next) -> Math.max(last + 1, next)));
    }

    private void run() {
        try {
            while (!closing || !queue.isEmpty()) {
                Job job = queue.poll(200, TimeUnit.MILLISECONDS);
                if (job != null) {
                    deliver(job);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            failRemaining();
        }
    }

    private void deliver(Job job) throws InterruptedException {
        int tooFrequent = 0;
        int transportFailures = 0;
        int loggedOut = 0;
        LoggedIn stale = null;
        while (true) {
            Optional<LoggedIn> current = closing ? login.get() : login.await(stale);
            if (current.isEmpty() || current.get() == stale) {
                job.done().completeExceptionally(new IllegalStateException("the web channel closed before the text was sent"));
                return;
            }
            LoggedIn in = current.get();
            String to = address(in, job.message().chat());
            pace();
            try {
                api.sendText(in.session(), to, job.message().text(), job.clientMsgId());
                sent();
                job.done().complete(null);
                return;
            } catch (RetException e) {
                sent();
                if (e.ret() == Ret.TOO_FREQUENT && tooFrequent < options.sendRetries()) {
                    long delay = options.sendRetryDelay().toMillis() << Math.min(tooFrequent, 20);
                    tooFrequent++;
                    log.warn("⚠️ WeChat says the bot sends too fast (Ret 1205); sending again in {} ms (retry {} of {})",
                            delay, tooFrequent, options.sendRetries());
                    Thread.sleep(delay);
                } else if (e.loggedOut() && loggedOut++ < 3) {
                    log.info("A text waits for the next login: {}", Failures.describe(e));
                    stale = in;
                } else {
                    job.done().completeExceptionally(e);
                    return;
                }
            } catch (IOException e) {
                if (retriable(e) && transportFailures < options.sendRetries()) {
                    long delay = options.retryDelay().toMillis() << Math.min(transportFailures, 20);
                    transportFailures++;
                    log.debug("Sending failed ({}); trying again in {} ms", Failures.describe(e), delay);
                    Thread.sleep(delay);
                } else {
                    job.done().completeExceptionally(e);
                    return;
                }
            }
        }
    }

    /** Only failures where WeChat certainly did not take the text are retried, so nothing is sent twice. */
    private static boolean retriable(IOException e) {
        return e instanceof HttpStatusException status && status.status() >= 500 || e instanceof ConnectException;
    }

    /** The chat's address in this login: the same one, or the one its stable key has now. */
    private static String address(LoggedIn in, Chat chat) {
        if (in.contacts().get(chat.id()).isPresent() || Contact.SPECIAL_ACCOUNTS.contains(chat.id())) {
            return chat.id();
        }
        return in.contacts().userNameForKey(chat.key(), chat.isGroup()).orElse(chat.id());
    }

    private void pace() throws InterruptedException {
        long interval = options.sendInterval().toNanos();
        if (!sentAny || interval == 0) {
            return;
        }
        long wait = lastSendNanos + interval - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    private void sent() {
        sentAny = true;
        lastSendNanos = System.nanoTime();
    }

    private void failRemaining() {
        List<Job> left = new ArrayList<>();
        queue.drainTo(left);
        for (Job job : left) {
            job.done().completeExceptionally(new IllegalStateException("the web channel closed before the text was sent"));
        }
    }

    /** Stops taking texts; the queued ones are still tried for a few seconds while logged in. */
    @Override
    public void close() {
        closing = true;
        if (login.get().isPresent() && worker.isAlive()) {
            try {
                worker.join(DRAIN_ON_CLOSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        worker.interrupt();
        try {
            worker.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        failRemaining();
    }
}
