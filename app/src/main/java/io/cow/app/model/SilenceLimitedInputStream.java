package io.cow.app.model;

import io.cow.core.channel.kit.SharedTimer;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

/**
 * An input stream that is closed when no byte arrives for a while, so a stream the server stops feeding
 * fails with a timeout instead of hanging a worker forever ({@code java.net.http} only times out until the
 * headers arrive).
 */
final class SilenceLimitedInputStream extends FilterInputStream {

    private final long limitNanos;
    private final ScheduledFuture<?> check;
    private volatile long lastRead = System.nanoTime();
    private volatile boolean timedOut;

    SilenceLimitedInputStream(InputStream in, Duration limit) {
        super(in);
        this.limitNanos = limit.toNanos();
        // On the process's one timer, where a check a quarter of the timeout away usually waits behind an earlier
        // task: starting and ending a stream then costs the timer thread no wake-up.
        this.check = SharedTimer.every(Duration.ofMillis(Math.max(10, limit.toMillis() / 4)), this::checkSilence);
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
