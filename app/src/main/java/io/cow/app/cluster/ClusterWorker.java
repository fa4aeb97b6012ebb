package io.cow.app.cluster;

import io.cow.app.store.Leases;
import io.cow.core.channel.kit.DaemonThreads;
import io.cow.core.channel.kit.SharedTimer;
import io.cow.core.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One {@code cow run} worker of a cluster: it runs the accounts whose leases it holds. Every quarter of the lease's
 * time to live it tells the database it lives, renews its leases, and takes free or expired ones up to its share
 * (the accounts divided by the live workers, at most {@code cluster.maxAccountsPerWorker}); above its share it hands
 * accounts back (stopped first, then released, free for the others a quarter of the time to live later: time for the
 * transport to see the old poller gone). A watchdog, independent of the database, stops an account whose
 * lease could not be renewed a quarter of the time to live before it runs out, so a worker cut off from the database
 * has stopped polling and sending before another worker may take the account. Its writes are fenced besides (see
 * {@code Fencing}): what a stopped account's threads still try to store is refused.
 */
public final class ClusterWorker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClusterWorker.class);

    /** Starts and stops the accounts of this worker: the bot's side. */
    public interface Accounts {
        /** Starts running the account (its channel instance). */
        void start(String account);

        /** Stops running it within {@code grace} (zero: at once); what is left waits in the store. */
        void stop(String account, Duration grace, String why);
    }

    /** A lease held, and the moment (System.nanoTime) by which it must be renewed or its account stopped. */
    private static final class Held {
        final Leases.Lease lease;
        volatile long stopBy;
        volatile boolean leaving;

        Held(Leases.Lease lease, long stopBy) {
            this.lease = lease;
            this.stopBy = stopBy;
        }
    }

    private final String id;
    private final Leases leases;
    private final Accounts accounts;
    private final List<String> configured;
    private final Duration ttl;
    private final int maxAccounts;
    private final Duration grace;
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(DaemonThreads.single("cluster"));
    /**
     * Starts and stops of accounts: those of one account run in order (a stop never overtakes the start it undoes),
     * those of different accounts at once, so an urgent stop never waits behind another account's graceful one,
     * and the rounds (renewals) never wait for either.
     */
    private final ExecutorService steps = Executors.newCachedThreadPool(DaemonThreads.pool("cluster-step"));
    private final Map<String, CompletableFuture<Void>> lifecycle = new ConcurrentHashMap<>();
    private ScheduledFuture<?> watchdog;
    private volatile boolean closed;
    private boolean firstTick = true;
    private boolean databaseFailing;

    /**
     * @param configured every account of the configuration (all workers have the same)
     * @param grace      how long a handed-back account may take to finish its answers ({@code shutdown.grace})
     */
    public ClusterWorker(String id, Leases leases, Accounts accounts, Collection<String> configured, Duration ttl,
                         int maxAccounts, Duration grace) {
        this.id = id;
        this.leases = leases;
        this.accounts = accounts;
        this.configured = List.copyOf(configured);
        this.ttl = ttl;
        this.maxAccounts = maxAccounts;
        this.grace = grace;
    }

    public String id() {
        return id;
    }

    /** The token of the account's lease while this worker holds it: what the store's fencing checks. */
    public OptionalLong token(String account) {
        Held h = held.get(account);
        return h == null ? OptionalLong.empty() : OptionalLong.of(h.lease.token());
    }

    /** The accounts this worker runs now. */
    public Set<String> accounts() {
        return Set.copyOf(held.keySet());
    }

    public void start() {
        leases.register(configured);
        log.info("🧭 Cluster worker {}: {} account(s) configured, leases last {}", id, configured.size(), format(ttl));
        Duration tick = ttl.dividedBy(4);
        ticks.scheduleWithFixedDelay(this::tick, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
        watchdog = SharedTimer.every(ttl.dividedBy(20), this::watch);
    }

    /** One round: heartbeat, renewals, then taking or handing back accounts towards this worker's share. */
    void tick() {
        if (closed) {
            return;
        }
        long sent = System.nanoTime();
        Leases.Census census;
        Set<String> renewed;
        try {
            census = leases.heartbeat(id, ttl);
            renewed = leases.renew(id, held.values().stream().map(h -> h.lease).toList(), ttl);
        } catch (StoreException e) {
            if (!databaseFailing) {
                log.warn("⚠️ Cluster worker {} cannot reach the store ({}); its accounts stop before their leases run out",
                        id, e.getMessage());
                databaseFailing = true;
            }
            return;
        }
        if (databaseFailing) {
            log.info("✅ Cluster worker {} reaches the store again", id);
            databaseFailing = false;
        }
        long stopBy = sent + ttl.toNanos() - margin().toNanos();
        for (Held h : List.copyOf(held.values())) {
            if (renewed.contains(h.lease.account())) {
                h.stopBy = stopBy;
            } else {
                stopNow(h, "its lease was taken by another worker");
            }
        }
        if (firstTick) {
            // Workers that start together see each other at their second round, and so share from the start.
            firstTick = false;
            return;
        }
        balance(census);
    }

    private void balance(Leases.Census census) {
        int workers = Math.max(1, census.workers().size());
        int share = Math.min(maxAccounts, (configured.size() + workers - 1) / workers);
        long running = held.values().stream().filter(h -> !h.leaving).count();
        if (running > share) {
            held.values().stream().filter(h -> !h.leaving).map(h -> h.lease.account()).sorted().skip(share)
                    .forEach(account -> handBack(held.get(account), "handed to another worker"));
            return;
        }
        List<String> free = new ArrayList<>();
        for (Leases.Row row : census.leases()) {
            if (configured.contains(row.account()) && !held.containsKey(row.account()) && !row.live() && !busy(row.account())) {
                free.add(row.account());
            }
        }
        for (String account : free) {
            if (running >= share || closed) {
                return;
            }
            if (take(account)) {
                running++;
            }
        }
    }

    private boolean take(String account) {
        long sent = System.nanoTime();
        Leases.Lease lease;
        try {
            lease = leases.take(account, id, ttl).orElse(null);
        } catch (StoreException e) {
            log.warn("⚠️ Cluster worker {} could not take {}: {}", id, account, e.getMessage());
            return false;
        }
        if (lease == null) {
            return false; // another worker was quicker
        }
        Held h = new Held(lease, sent + ttl.toNanos() - margin().toNanos());
        held.put(account, h);
        log.info("🧭 Worker {} runs {} now (lease token {})", id, account, lease.token());
        step(account, () -> {
            if (held.get(account) != h) {
                return; // stopped before it started
            }
            try {
                accounts.start(account);
            } catch (RuntimeException e) {
                log.error("❌ Could not start {}: {}", account, e.getMessage(), e);
                if (held.remove(account, h)) {
                    release(lease);
                }
            }
        });
        return true;
    }

    /** Runs a start or stop of the account after the ones asked for before it. */
    private void step(String account, Runnable step) {
        lifecycle.compute(account, (k, before) -> (before == null ? CompletableFuture.<Void>completedFuture(null) : before)
                .thenRunAsync(step, steps)
                .exceptionally(e -> {
                    log.error("❌ Starting or stopping {} failed: {}", account, e.toString(), e);
                    return null;
                }));
    }

    /** Whether a start or stop of the account is under way (it is not taken again before its stop is over). */
    private boolean busy(String account) {
        CompletableFuture<Void> last = lifecycle.get(account);
        return last != null && !last.isDone();
    }

    /** Gives an account back to the others: stopped gracefully (within its lease), then released. */
    private void handBack(Held h, String why) {
        h.leaving = true;
        step(h.lease.account(), () -> {
            Duration left = Duration.ofNanos(Math.max(0, h.stopBy - System.nanoTime()));
            accounts.stop(h.lease.account(), grace.compareTo(left) < 0 ? grace : left, why);
            if (held.remove(h.lease.account(), h)) {
                release(h.lease);
            }
        });
    }

    private void release(Leases.Lease lease) {
        try {
            leases.release(id, lease, margin());
        } catch (StoreException e) {
            log.warn("⚠️ Could not release the lease of {} (it expires by itself): {}", lease.account(), e.getMessage());
        }
    }

    /** The watchdog: an account whose lease was not renewed in time stops now, whatever the database does. */
    private void watch() {
        long now = System.nanoTime();
        for (Held h : held.values()) {
            if (now - h.stopBy >= 0) {
                stopNow(h, "its lease could not be renewed in time (is the database reachable?)");
            }
        }
    }

    private void stopNow(Held h, String why) {
        if (!held.remove(h.lease.account(), h)) {
            return;
        }
        log.warn("⚠️ Worker {} stops {}: {}", id, h.lease.account(), why);
        step(h.lease.account(), () -> accounts.stop(h.lease.account(), Duration.ZERO, why));
    }

    /** How long before its lease runs out an account is stopped when it could not be renewed. */
    private Duration margin() {
        return ttl.dividedBy(4);
    }

    /** Stops every account gracefully, releases their leases and leaves: the others take them over at once. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        ticks.shutdown();
        try {
            ticks.awaitTermination(ttl.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        held.values().forEach(h -> handBack(h, "the worker stops"));
        CompletableFuture<?>[] all = lifecycle.values().toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(all).get(grace.plus(ttl).toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.warn("⚠️ Not every account stopped in time: {}", e.toString());
        }
        if (watchdog != null) {
            watchdog.cancel(false);
        }
        try {
            leases.leave(id);
        } catch (StoreException e) {
            log.debug("Could not note that worker {} leaves: {}", id, e.getMessage());
        }
        steps.shutdown();
    }

    private static String format(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
