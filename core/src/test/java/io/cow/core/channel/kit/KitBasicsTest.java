package io.cow.core.channel.kit;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The small pieces: thread factories, the shared timer, the failure vocabulary. */
class KitBasicsTest {

    @Test
    void threadsAreDaemonsNamedAfterTheirJob() throws Exception {
        Thread a = DaemonThreads.pool("worker").newThread(() -> { });
        Thread b = DaemonThreads.pool("worker").newThread(() -> { });
        Thread c = DaemonThreads.single("session").newThread(() -> { });
        CountDownLatch ran = new CountDownLatch(1);
        Thread started = DaemonThreads.start("once", ran::countDown);

        assertThat(a.getName()).isEqualTo("worker-1");
        assertThat(b.getName()).isEqualTo("worker-1");
        assertThat(c.getName()).isEqualTo("session");
        assertThat(started.getName()).isEqualTo("once");
        assertThat(a.isDaemon() && c.isDaemon() && started.isDaemon()).isTrue();
        assertThat(ran.await(20, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void theSharedTimerRunsTasksOnItsOneThreadAndAFailingPeriodicTaskKeepsItsSchedule() throws Exception {
        CountDownLatch once = new CountDownLatch(1);
        String[] thread = new String[1];
        SharedTimer.schedule(Duration.ofMillis(10), () -> {
            thread[0] = Thread.currentThread().getName();
            once.countDown();
        });
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch thrice = new CountDownLatch(3);
        ScheduledFuture<?> periodic = SharedTimer.every(Duration.ofMillis(5), () -> {
            runs.incrementAndGet();
            thrice.countDown();
            throw new IllegalStateException("a failing check");
        });

        assertThat(once.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(thread[0]).isEqualTo("cow-timer");
        assertThat(thrice.await(20, TimeUnit.SECONDS)).isTrue();
        periodic.cancel(false);
        assertThat(runs.get()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void failuresCarryTheirKindAndTheServersDelay() {
        assertThat(ChannelFailure.retryable("down").kind()).isEqualTo(ChannelFailure.Kind.RETRYABLE);
        assertThat(ChannelFailure.loggedOut("1101").kind()).isEqualTo(ChannelFailure.Kind.LOGGED_OUT);
        assertThat(ChannelFailure.refused("1203").kind()).isEqualTo(ChannelFailure.Kind.REFUSED);
        assertThat(ChannelFailure.retryAfter("busy", Duration.ofSeconds(7)).retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(ChannelFailure.retryable("down").retryAfter()).isEmpty();
        assertThat(ChannelFailure.refused("1203").getStackTrace()).as("an answer, not a bug: no stack trace").isEmpty();
    }

    @Test
    void describeSaysWhatWentWrongInAFewWords() {
        assertThat(ChannelFailure.describe(new IOException(new ConnectException()))).isEqualTo("java.net.ConnectException");
        assertThat(ChannelFailure.describe(new IOException("synccheck failed", new IOException("synccheck failed")))).isEqualTo("synccheck failed");
        assertThat(ChannelFailure.describe(new IOException("read failed", new ConnectException("refused")))).isEqualTo("read failed: refused");
    }
}
