package io.cow.app.model;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * An input stream that is closed when no byte arrives for a while, so a stream the server stops feeding
 * fails with a timeout instead of hanging a worker forever ({@code java.net.http} only times out until the
 * headers arrive).
 */
final class SilenceLimitedInputStream extends FilterInputStream {

    private static final ScheduledExecutorService WATCHDOG = watchdog();

    private final long limitNanos;
    private final ScheduledFuture<?> check;
    private volatile long lastRead = System.nanoTime();
    private volatile boolean timedOut;

    SilenceLimitedInputStream(InputStream in, Duration limit) {
        super(in);
        this.limitNanos = limit.toNanos();
        long period = Math.max(10, limit.toMillis() / 4);
        this.check = WATCHDOG.scheduleAtFixedRate(this::checkSilence, period, period, TimeUnit.MILLISECONDS);
    }

    private static ScheduledExecutorService watchdog() {
        ScheduledThreadPoolExecutor watchdog = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "model-stream-watchdog");
            t.setDaemon(true);
            return t;
        });
        // A stream's check is cancelled when the stream closes, long before it would run again: without this, each
        // answer's check (and its stream) would wait in the queue for a quarter of the timeout.
        watchdog.setRemoveOnCancelPolicy(true);
        return watchdog;
    }

    private void checkSilence() {
        if (System.nanoTime() - lastRead > limitNanos) {
            timedOut = true;
            check.cancel(false);
            try {
                in.close();
            } catch (IOException ignored) {
                // closing is how the blocked reader is woken; it reports the timeout itself
            }
        }
    }

    @Override
    public int read() throws IOException {
        try {
            int b = super.read();
            lastRead = System.nanoTime();
            return b;
        } catch (IOException e) {
            throw translate(e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            int n = super.read(b, off, len);
            lastRead = System.nanoTime();
            return n;
        } catch (IOException e) {
            throw translate(e);
        }
    }

    private IOException translate(IOException e) {
        if (timedOut) {
            SocketTimeoutException timeout = new SocketTimeoutException(
                    "the answer stream was silent for more than " + limitNanos / 1_000_000 + " ms");
            timeout.initCause(e);
            return timeout;
        }
        return e;
    }

    @Override
    public void close() throws IOException {
        check.cancel(false);
        super.close();
    }
}
