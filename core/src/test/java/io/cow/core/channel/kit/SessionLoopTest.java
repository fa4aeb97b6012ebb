package io.cow.core.channel.kit;

import io.cow.core.channel.ChannelEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class SessionLoopTest {

    private static final long WAIT_SECONDS = 20;

    /**
     * Steps a test scripts: each login takes the next session number; each session ends with the next failure the
     * test hands over (or blocks until interrupted when the test hands none).
     */
    private static final class ScriptedSteps implements SessionLoop.Steps<Integer> {
        final AtomicInteger logins = new AtomicInteger();
        final BlockingQueue<Integer> loggedIn = new LinkedBlockingQueue<>();
        final BlockingQueue<ChannelFailure> endings = new LinkedBlockingQueue<>();
        final BlockingQueue<ChannelFailure> loginFailures = new LinkedBlockingQueue<>();
        final List<Integer> ended = new CopyOnWriteArrayList<>();
        final CountDownLatch interruptedInServe = new CountDownLatch(1);

        @Override
        public Integer logIn() throws ChannelFailure {
            ChannelFailure failure = loginFailures.poll();
            if (failure != null) {
                throw failure;
            }
            int n = logins.incrementAndGet();
            loggedIn.add(n);
            return n;
        }

        @Override
        public void serve(Integer session) throws ChannelFailure, InterruptedException {
            try {
                throw endings.take();
            } catch (InterruptedException e) {
                interruptedInServe.countDown();
                throw e;
            }
        }

        @Override
        public void ended(Integer session) {
            ended.add(session);
        }

        int awaitLogin() throws InterruptedException {
            Integer n = loggedIn.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(n).as("a login").isNotNull();
            return n;
        }
    }

    private final ScriptedSteps steps = new ScriptedSteps();
    private final List<String> reported = new CopyOnWriteArrayList<>();
    /** What the loop told the bot: logouts as "out: reason", refusals as "refused: reason". */
    private final ChannelEvents events = new NoEvents() {
        @Override
        public void onLogout(String reason) {
            reported.add("out: " + reason);
        }

        @Override
        public void onLoginRefused(String reason) {
            reported.add("refused: " + reason);
        }

        @Override
        public void onNextLoginAt(Instant at) {
            nextLogins.add(at);
        }
    };
    private final List<Instant> nextLogins = new CopyOnWriteArrayList<>();
    private SessionLoop<Integer> loop;

    private SessionLoop<Integer> start(Backoff backoff, SessionLoop.OnRefusal onRefusal) {
        loop = new SessionLoop<>("test-session", steps, backoff, onRefusal, events);
        loop.start();
        return loop;
    }

    @AfterEach
    void closeLoop() {
        if (loop != null) {
            loop.close();
        }
    }

    @Test
    void afterALogoutItReportsTheReasonAndLogsInAgain() throws Exception {
        start(new Backoff(Duration.ofHours(1), Duration.ofHours(1)), SessionLoop.OnRefusal.STOP);
        assertThat(steps.awaitLogin()).isEqualTo(1);

        steps.endings.add(ChannelFailure.loggedOut("logged out on the phone (1101)"));

        assertThat(steps.awaitLogin()).as("a logout needs no backoff: the relogin throttle paces QR codes").isEqualTo(2);
        assertThat(reported).containsExactly("out: logged out on the phone (1101)");
        assertThat(steps.ended).containsExactly(1);
        assertThat(loop.finished()).isNotDone();
    }

    @Test
    void aRetryableFailureWaitsTheGrowingBackoffThenTriesAgain() throws Exception {
        Duration first = Duration.ofMillis(150);
        start(new Backoff(first, Duration.ofSeconds(10)), SessionLoop.OnRefusal.STOP);
        steps.awaitLogin();

        long before = System.nanoTime();
        steps.endings.add(ChannelFailure.retryable("the connection dropped"));
        steps.awaitLogin();
        long firstWait = System.nanoTime() - before;
        steps.loginFailures.add(ChannelFailure.retryable("still down"));
        before = System.nanoTime();
        steps.endings.add(ChannelFailure.retryable("dropped again"));
        steps.awaitLogin();
        long twoWaits = System.nanoTime() - before;

        assertThat(firstWait).isGreaterThanOrEqualTo(first.toNanos());
        assertThat(twoWaits).as("reset after the login, then 150 + 300 ms").isGreaterThanOrEqualTo(first.toNanos() * 3);
        assertThat(reported).as("a dropped connection is not a logout").isEmpty();
    }

    @Test
    void theServersRequestedDelayIsHonoured() throws Exception {
        start(new Backoff(Duration.ofMillis(1), Duration.ofMillis(1)), SessionLoop.OnRefusal.STOP);
        steps.awaitLogin();

        long before = System.nanoTime();
        steps.endings.add(ChannelFailure.retryAfter("too many connections", Duration.ofMillis(300)));
        steps.awaitLogin();

        assertThat(System.nanoTime() - before).isGreaterThanOrEqualTo(Duration.ofMillis(300).toNanos());
    }

    @Test
    void aRefusalStopsTheLoopWhenItMustNotRetry() throws Exception {
        start(new Backoff(Duration.ofMillis(1), Duration.ofMillis(1)), SessionLoop.OnRefusal.STOP);
        steps.awaitLogin();

        steps.endings.add(ChannelFailure.refused("web login is barred for this account (1203)"));

        loop.finished().get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(reported).containsExactly("refused: web login is barred for this account (1203)");
        assertThat(steps.logins.get()).isEqualTo(1);
    }

    @Test
    void aRefusalThatMayBeFixedIsRetriedWithoutReportingALogout() throws Exception {
        start(new Backoff(Duration.ofMillis(1), Duration.ofMillis(1)), SessionLoop.OnRefusal.RETRY);
        steps.awaitLogin();
        steps.loginFailures.add(ChannelFailure.refused("the token was rejected"));
        steps.loginFailures.add(ChannelFailure.refused("the token was rejected"));

        steps.endings.add(ChannelFailure.refused("the token was rejected"));

        assertThat(steps.awaitLogin()).isEqualTo(2);
        assertThat(reported).isEmpty();
        assertThat(loop.finished()).isNotDone();
    }

    @Test
    void closeInterruptsTheSessionAndEndsTheThread() throws Exception {
        start(new Backoff(Duration.ofMillis(1), Duration.ofMillis(1)), SessionLoop.OnRefusal.STOP);
        steps.awaitLogin();

        loop.close();

        assertThat(steps.interruptedInServe.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(loop.finished()).isDone();
        assertThat(steps.ended).containsExactly(1);
        assertThat(reported).as("closing is not a logout").isEmpty();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("test-session"));
    }

    @Test
    void closeEndsAWaitForTheBackoffAtOnce() throws Exception {
        start(new Backoff(Duration.ofHours(1), Duration.ofHours(1)), SessionLoop.OnRefusal.STOP);
        steps.awaitLogin();
        steps.endings.add(ChannelFailure.retryable("down"));
        awaitEnded(1);

        long before = System.nanoTime();
        loop.close();

        assertThat(loop.finished()).isDone();
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(5));
        assertThat(steps.logins.get()).isEqualTo(1);
    }

    @Test
    void anUnexpectedErrorIsLoggedAndTheLoopGoesOn() throws Exception {
        SessionLoop.Steps<Integer> failingOnce = new SessionLoop.Steps<>() {
            final AtomicInteger calls = new AtomicInteger();

            @Override
            public Integer logIn() throws ChannelFailure {
                if (calls.incrementAndGet() == 1) {
                    throw new IllegalStateException("a bug");
                }
                return steps.logIn();
            }

            @Override
            public void serve(Integer session) throws ChannelFailure, InterruptedException {
                steps.serve(session);
            }
        };
        loop = new SessionLoop<>("test-session", failingOnce, new Backoff(Duration.ofMillis(1), Duration.ofMillis(1)),
                SessionLoop.OnRefusal.STOP, events);
        loop.start();

        assertThat(steps.awaitLogin()).isEqualTo(1);
    }

    /**
     * A QR login as the protocols do it: wait for the relogin throttle, show a code, wait for the phone (a confirm
     * logs in as that session; -1 = the code expired, show the next); serve until interrupted.
     */
    private static final class QrSteps implements SessionLoop.Steps<Integer> {
        final ReloginThrottle throttle = new ReloginThrottle(Duration.ofHours(1), "test QR code", "test.reloginInterval",
                Clock.systemUTC(), Sleeper.REAL);
        final ChannelEvents events;
        final BlockingQueue<Integer> codes = new LinkedBlockingQueue<>();
        final BlockingQueue<Integer> phone = new LinkedBlockingQueue<>();
        final CountDownLatch serving = new CountDownLatch(1);
        final List<Integer> loggedOut = new CopyOnWriteArrayList<>();
        final List<Integer> ended = new CopyOnWriteArrayList<>();
        final AtomicInteger shown = new AtomicInteger();

        QrSteps(ChannelEvents events) {
            this.events = events;
        }

        @Override
        public Integer logIn() throws InterruptedException {
            while (true) {
                throttle.awaitTurn(events);
                throttle.shown();
                codes.add(shown.incrementAndGet());
                int answer = phone.take();
                if (answer != -1) {
                    return answer;
                }
            }
        }

        @Override
        public void serve(Integer session) throws InterruptedException {
            serving.countDown();
            new CountDownLatch(1).await();
        }

        @Override
        public void logOut(Integer session) {
            loggedOut.add(session);
        }

        @Override
        public void ended(Integer session) {
            ended.add(session);
        }

        @Override
        public ReloginThrottle throttle() {
            return throttle;
        }

        int awaitCode() throws InterruptedException {
            Integer n = codes.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(n).as("a QR code").isNotNull();
            return n;
        }
    }

    @Test
    void newQrNowEndsTheReloginThrottlesWaitAndTheNewCodeStillCounts() throws Exception {
        QrSteps qr = new QrSteps(events);
        loop = new SessionLoop<>("test-session", qr, new Backoff(Duration.ofHours(1), Duration.ofHours(1)),
                SessionLoop.OnRefusal.STOP, events);
        loop.start();
        assertThat(qr.awaitCode()).isEqualTo(1);

        qr.phone.add(-1); // the code expired: the next one waits for the throttle, an hour
        awaitNextLogin();
        assertThat(Duration.between(Instant.now(), nextLogins.get(0))).isGreaterThan(Duration.ofMinutes(59));
        assertThat(qr.codes).as("no new code within the hour").isEmpty();

        loop.requestNewQr();

        assertThat(qr.awaitCode()).isEqualTo(2);
        assertThat(qr.throttle.untilTurn()).as("the code shown on request counts against the throttle")
                .isGreaterThan(Duration.ofMinutes(59));
        assertThat(reported).as("a new code is not a logout").isEmpty();
    }

    @Test
    void newQrNowDropsTheCodeOnShowAndShowsANewOne() throws Exception {
        QrSteps qr = new QrSteps(events);
        loop = new SessionLoop<>("test-session", qr, new Backoff(Duration.ofHours(1), Duration.ofHours(1)),
                SessionLoop.OnRefusal.STOP, events);
        loop.start();
        assertThat(qr.awaitCode()).isEqualTo(1);

        loop.requestNewQr(); // while the phone has not scanned code 1

        assertThat(qr.awaitCode()).isEqualTo(2);
        qr.phone.add(7);
        assertThat(qr.serving.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("code 2 logs in").isTrue();
        assertThat(qr.ended).isEmpty();
    }

    @Test
    void logOutEndsTheSessionTellsTheServiceAndLogsInAgainAfterTheThrottle() throws Exception {
        QrSteps qr = new QrSteps(events);
        loop = new SessionLoop<>("test-session", qr, new Backoff(Duration.ofHours(1), Duration.ofHours(1)),
                SessionLoop.OnRefusal.STOP, events);
        loop.start();
        qr.awaitCode();
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, loop::logOut, "not logged in yet");
        qr.phone.add(7);
        assertThat(qr.serving.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, loop::requestNewQr, "logged in");

        loop.logOut();

        awaitNextLogin();
        assertThat(qr.loggedOut).as("the service was told, for that session").containsExactly(7);
        assertThat(qr.ended).containsExactly(7);
        assertThat(reported).singleElement().asString().startsWith("out: ").contains("as the owner asked");
        assertThat(Duration.between(Instant.now(), nextLogins.get(0))).as("the next code waits for the throttle")
                .isGreaterThan(Duration.ofMinutes(59));
        assertThat(loop.finished()).isNotDone();

        loop.requestNewQr();
        assertThat(qr.awaitCode()).isEqualTo(2);
    }

    private void awaitNextLogin() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (nextLogins.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(nextLogins).as("the loop said when the next QR code comes").isNotEmpty();
    }

    private void awaitEnded(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (steps.ended.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(steps.ended).hasSizeGreaterThanOrEqualTo(count);
    }
}
