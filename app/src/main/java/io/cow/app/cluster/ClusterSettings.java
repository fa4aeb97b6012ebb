package io.cow.app.cluster;

import io.cow.app.store.StoreLocation;
import io.cow.app.store.StoreSettings;
import io.cow.core.config.ConfigException;
import io.cow.core.config.Setting;
import io.cow.core.config.SettingTypes;
import io.cow.core.config.Settings;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The {@code cluster.*} settings: several {@code cow run} workers sharing the accounts of one PostgreSQL store. */
public final class ClusterSettings {

    private ClusterSettings() {
    }

    public static final Setting<Boolean> ENABLED = Setting.of("cluster.enabled", SettingTypes.bool(), false,
            "run as one of several workers on a shared PostgreSQL store: each account (channel instance) is run by one "
                    + "worker at a time, holding a lease, and moves to another worker when its worker stops or dies")
            .withEnv("COW_CLUSTER_ENABLED");

    public static final Setting<Duration> LEASE_TTL = Setting.of("cluster.leaseTtl",
            SettingTypes.duration(Duration.ofSeconds(2), Duration.ofMinutes(10)), Duration.ofSeconds(30),
            "how long an account's lease lasts without renewal: a dead worker's accounts move after this; a worker that "
                    + "cannot renew stops its accounts before it runs out")
            .withEnv("COW_CLUSTER_LEASE_TTL");

    public static final Setting<Integer> MAX_ACCOUNTS_PER_WORKER = Setting.of("cluster.maxAccountsPerWorker",
            SettingTypes.integer(1, 10_000), 50,
            "most accounts one worker runs; workers also spread the accounts evenly among themselves")
            .withEnv("COW_CLUSTER_MAX_ACCOUNTS_PER_WORKER");

    public static final Setting<String> WORKER_ID = Setting.of("cluster.workerId", SettingTypes.string(), "",
            "this worker's name in the lease table and the logs; empty: host name and process id")
            .withEnv("COW_CLUSTER_WORKER_ID");

    /** Every setting above, in the order check-config prints them. */
    public static List<Setting<?>> all() {
        return List.of(ENABLED, LEASE_TTL, MAX_ACCOUNTS_PER_WORKER, WORKER_ID);
    }

    /**
     * The problem with the cluster settings, if any: workers share their accounts through PostgreSQL only.
     *
     * @throws ConfigException naming the keys
     */
    public static void check(Settings settings, Path dataDir) {
        if (settings.get(ENABLED) && !(StoreLocation.from(settings, dataDir) instanceof StoreLocation.PostgresServer)) {
            throw new ConfigException("config key '" + ENABLED.key() + "': workers share their accounts through a PostgreSQL "
                    + "store; set '" + StoreSettings.URL.key() + "' to postgresql://host:port/database");
        }
    }

    /** This worker's name: the setting, else the host name and the process id. */
    public static String workerId(Settings settings) {
        String id = settings.get(WORKER_ID).strip();
        if (!id.isEmpty()) {
            return id;
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = System.getenv().getOrDefault("HOSTNAME", "worker");
        }
        return host + ":" + ProcessHandle.current().pid();
    }
}
