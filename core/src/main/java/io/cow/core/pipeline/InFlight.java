package io.cow.core.pipeline;

import java.time.Duration;

/** Counts work that has started and not ended, and lets a caller wait until none is left. */
final class InFlight {

    private int count;

    synchronized void begin() {
        count++;
    }

    synchronized void end() {
        // Never below zero: after a detach that timed out, work of the old instance may end under a new one of the
        // same name (Bot), and a count below zero would let the next wait return while work is in flight.
        count = Math.max(0, count - 1);
        if (count == 0) {
            notifyAll();
        }
    }

    synchronized int count() {
        return count;
    }

    /** @return true when nothing was in flight before the timeout */
    synchronized boolean awaitZero(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
