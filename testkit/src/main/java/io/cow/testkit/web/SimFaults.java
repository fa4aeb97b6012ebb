package io.cow.testkit.web;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Fault injection for a {@link WebWeChatSimulator}. Endpoints are named by their last path segment
 * ({@code synccheck}, {@code webwxsync}, {@code webwxsendmsg}, {@code login}, {@code jslogin}, ...). One-shot
 * faults ({@code times}) apply to the next requests of that endpoint, in the order they were scripted; a faulted
 * request does not reach the endpoint's logic (nothing is sent, acknowledged or logged in), except a
 * {@link #delay one-shot delay}, after which the request is handled. Every request is still recorded in
 * {@link WebWeChatSimulator#requests()}.
 */
public final class SimFaults {

    static final Set<String> ENDPOINTS = Set.of("jslogin", "qrcode", "l", "login", "webwxnewloginpage",
            "webwxpushloginurl", "webwxinit", "webwxstatusnotify", "webwxgetcontact", "webwxbatchgetcontact",
            "synccheck", "webwxsync", "webwxsendmsg", "webwxlogout");

    /** What happens to one faulted request. */
    sealed interface Fault {
        /** An HTTP error status with a short HTML body, as a failing front end answers. */
        record Status(int status) implements Fault {
        }

        /** The connection is closed without an answer. */
        record Drop() implements Fault {
        }

        /** HTTP 200 with a body of this many bytes (a string that never ends). */
        record Huge(long bytes) implements Fault {
        }

        /** HTTP 200 with a body cut short, so it cannot be parsed. */
        record Malformed() implements Fault {
        }

        /**
         * A well-formed answer carrying this error code: {@code BaseResponse.Ret} for JSON endpoints, {@code retcode}
         * for synccheck (selector 0; the session stays alive), {@code window.code} for login, {@code ret} otherwise.
         */
        record Ret(int ret) implements Fault {
        }

        /** The request waits this long (or until the simulator closes), then is handled normally. */
        record Delay(java.time.Duration delay) implements Fault {
        }
    }

    private final Map<String, Deque<Fault>> next = new HashMap<>();
    private final Map<String, Duration> slow = new HashMap<>();
    private boolean newLoginPage301;
    private int emptySyncKeys;

    SimFaults() {
    }

    /** The next request to the endpoint gets HTTP 200 with a body of this many bytes, made as it is sent. */
    public synchronized SimFaults hugeBody(String endpoint, long bytes) {
        return add(endpoint, new Fault.Huge(bytes), 1);
    }

    /** The next {@code times} requests to the endpoint get this HTTP status (e.g. 502, 503). */
    public synchronized SimFaults httpStatus(String endpoint, int status, int times) {
        return add(endpoint, new Fault.Status(status), times);
    }

    /**
     * The next {@code times} requests to the endpoint have their connection closed without an answer. Note that the
     * JDK's HttpClient silently retries an idempotent request (GET) once when a reused connection closes like this:
     * script two drops for such a client to see one failure.
     */
    public synchronized SimFaults drop(String endpoint, int times) {
        return add(endpoint, new Fault.Drop(), times);
    }

    /** The next {@code times} requests to the endpoint get HTTP 200 with a truncated, unparseable body. */
    public synchronized SimFaults malformed(String endpoint, int times) {
        return add(endpoint, new Fault.Malformed(), times);
    }

    /** The next {@code times} requests to the endpoint get a well-formed answer with this error code. */
    public synchronized SimFaults ret(String endpoint, int ret, int times) {
        return add(endpoint, new Fault.Ret(ret), times);
    }

    /**
     * The next {@code times} requests to the endpoint wait this long before they are handled (e.g. a synccheck that
     * stays silent longer than the client's watchdog). The wait ends early when the simulator closes.
     */
    public synchronized SimFaults delay(String endpoint, Duration delay, int times) {
        return add(endpoint, new Fault.Delay(delay), times);
    }

    /** Every request to the endpoint waits this long before it is handled ({@link Duration#ZERO} to stop). */
    public synchronized SimFaults slow(String endpoint, Duration delay) {
        requireEndpoint(endpoint);
        if (delay.isZero() || delay.isNegative()) {
            slow.remove(endpoint);
        } else {
            slow.put(endpoint, delay);
        }
        return this;
    }

    public SimFaults synccheckHttpStatus(int status, int times) {
        return httpStatus("synccheck", status, times);
    }

    public SimFaults dropSynccheck(int times) {
        return drop("synccheck", times);
    }

    /** The next synccheck answers carry this retcode with selector 0, without ending the session. */
    public SimFaults synccheckRetcode(int retcode, int times) {
        return ret("synccheck", retcode, times);
    }

    /** The next {@code times} webwxsendmsg calls answer this Ret (e.g. 1205, too frequent) and send nothing. */
    public SimFaults sendRet(int ret, int times) {
        return ret("webwxsendmsg", ret, times);
    }

    /** The next {@code times} webwxsync calls answer this Ret without touching the queue. */
    public SimFaults syncRet(int ret, int times) {
        return ret("webwxsync", ret, times);
    }

    public SimFaults malformed(String endpoint) {
        return malformed(endpoint, 1);
    }

    /**
     * When true, webwxnewloginpage always answers HTTP 301 (XML in the body, cookies in Set-Cookie), as UOS-mode
     * clients have seen; when false (default) it answers 301 only when the request lacks {@code version=v2}.
     */
    public synchronized SimFaults newLoginPage301(boolean always) {
        newLoginPage301 = always;
        return this;
    }

    /**
     * The next {@code times} webwxsync answers that bring nothing new carry {@code "SyncKey":{"Count":0,"List":[]}}
     * and the same {@code SyncCheckKey}, which a client must ignore (keeping its keys), as the fact sheet says.
     */
    public synchronized SimFaults emptySyncKeys(int times) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be >= 1, got " + times);
        }
        emptySyncKeys += times;
        return this;
    }

    /** Removes every scripted fault and delay. */
    public synchronized SimFaults clear() {
        next.clear();
        slow.clear();
        newLoginPage301 = false;
        emptySyncKeys = 0;
        return this;
    }

    /** How many one-shot faults are still waiting for requests to the endpoint. */
    public synchronized int pending(String endpoint) {
        Deque<Fault> queue = next.get(endpoint);
        return queue == null ? 0 : queue.size();
    }

    synchronized Fault poll(String endpoint) {
        Deque<Fault> queue = next.get(endpoint);
        return queue == null ? null : queue.poll();
    }

    synchronized boolean takeEmptySyncKeys() {
        if (emptySyncKeys == 0) {
            return false;
        }
        emptySyncKeys--;
        return true;
    }

    synchronized Duration delay(String endpoint) {
        return slow.getOrDefault(endpoint, Duration.ZERO);
    }

    synchronized boolean newLoginPage301() {
        return newLoginPage301;
    }

    private SimFaults add(String endpoint, Fault fault, int times) {
        requireEndpoint(endpoint);
        if (times < 1) {
            throw new IllegalArgumentException("times must be >= 1, got " + times);
        }
        Deque<Fault> queue = next.computeIfAbsent(endpoint, e -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) {
            queue.add(fault);
        }
        return this;
    }

    private static void requireEndpoint(String endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        if (!ENDPOINTS.contains(endpoint)) {
            throw new IllegalArgumentException("unknown endpoint '" + endpoint + "'; known: " + ENDPOINTS);
        }
    }
}
