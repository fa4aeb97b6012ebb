package io.cow.web.sync;

import io.cow.core.channel.kit.Backoff;
import io.cow.core.channel.kit.ChannelFailure;
import io.cow.core.channel.kit.Durations;
import io.cow.web.WebOptions;
import io.cow.web.login.LoggedIn;
import io.cow.web.protocol.JsResponses.SyncCheck;
import io.cow.web.protocol.Ret;
import io.cow.web.protocol.RetException;
import io.cow.web.protocol.WebApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The message loop of one login: a synccheck long poll on the push host, then webwxsync whenever the
 * selector is non-zero. Failures (HTTP errors, dropped connections, unreadable answers, odd retcodes) are
 * retried with exponential backoff; a hung call is restarted by the watchdog; retcodes 1100/1101/1102 end
 * the loop, because the session is over.
 */
public final class SyncLoop {

    private static final Logger log = LoggerFactory.getLogger(SyncLoop.class);
    private static final int MAX_CONTINUES = 100;

    private final WebApi api;
    private final WebOptions options;
    private final SyncIntake intake;
    private final Watchdog watchdog;
    private final BooleanSupplier closed;

    public SyncLoop(WebApi api, WebOptions options, SyncIntake intake, Watchdog watchdog, BooleanSupplier closed) {
        this.api = api;
        this.options = options;
        this.intake = intake;
        this.watchdog = watchdog;
        this.closed = closed;
    }

    /**
     * Polls until the session ends.
     *
     * @return why it ended, for the log
     * @throws InterruptedException when the channel is closing
     */
    public String run(LoggedIn login) throws InterruptedException {
        Backoff backoff = new Backoff(options.retryDelay(), options.retryMaxDelay());
        int emptyRounds = 0;
        while (!closed.getAsBoolean()) {
            try {
                SyncCheck check = watchdog.guard(() -> api.syncCheck(login.session()));
                if (check.loggedOut()) {
                    return "synccheck retcode " + Ret.describe(check.retcode());
                }
                if (check.retcode() != Ret.OK) {
                    throw new IOException("synccheck answered retcode " + Ret.describe(check.retcode()));
                }
                if (check.selector() != 0) {
                    emptyRounds = syncAll(login) ? 0 : emptyRounds + 1;
                    if (emptyRounds >= 2) {
                        // Some selectors (7: the phone opened a chat) can be answered again and again with nothing
                        // to fetch; a pause keeps such a server from turning the poll into a busy loop.
                        log.debug("synccheck keeps answering selector {} with nothing new; pausing", check.selector());
                        Thread.sleep(options.retryDelay().toMillis());
                    }
                }
                if (backoff.failures() > 0) {
                    log.info("✅ Web WeChat answers again after {} failed attempt(s)", backoff.failures());
                    backoff.reset();
                }
            } catch (RetException e) {
                if (e.loggedOut()) {
                    return e.getMessage();
                }
                failed(backoff, e);
            } catch (Watchdog.StalledException e) {
                log.warn("⚠️ Polling web WeChat hung ({}); restarting the poll", ChannelFailure.describe(e));
            } catch (IOException e) {
                failed(backoff, e);
            } catch (RuntimeException e) {
                log.error("❌ Unexpected failure in the web WeChat loop; going on", e);
                failed(backoff, e);
            }
        }
        throw new InterruptedException("the channel is closing");
    }

    /** Calls webwxsync until nothing more waits; whether anything (messages or contact changes) came. */
    private boolean syncAll(LoggedIn login) throws IOException, InterruptedException, RetException {
        boolean any = false;
        for (int round = 0; round < MAX_CONTINUES; round++) {
            WebApi.SyncResult result = watchdog.guard(() -> api.sync(login.session()));
            intake.accept(login, result);
            any |= !result.messages().isEmpty() || !result.modContacts().isEmpty() || !result.delContacts().isEmpty();
            if (result.continueFlag() == 0) {
                break;
            }
        }
        return any;
    }

    private void failed(Backoff backoff, Exception e) throws InterruptedException {
        boolean wasAtMax = backoff.atMax();
        Duration delay = backoff.next();
        if (backoff.failures() == 1 || (!wasAtMax && backoff.atMax())) {
            log.warn("⚠️ Polling web WeChat failed ({}); retrying in {} (attempt {})",
                    ChannelFailure.describe(e), Durations.format(delay), backoff.failures());
        } else {
            log.debug("Polling web WeChat failed again ({}); retrying in {}", ChannelFailure.describe(e), Durations.format(delay));
        }
        Thread.sleep(delay.toMillis());
    }
}
