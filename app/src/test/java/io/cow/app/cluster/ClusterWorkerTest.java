package io.cow.app.cluster;

import io.cow.app.store.SqliteStore;
import io.cow.app.store.StoreLocation;
import io.cow.app.store.StoreOptions;
import io.cow.testkit.await.Await;
import io.cow.testkit.store.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** One worker's share of the accounts (leases on a real PostgreSQL), its rounds driven by the test (no timer). */
class ClusterWorkerTest {

    private static final List<String> ACCOUNTS = List.of("a", "b", "c");
    private static final Duration TTL = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    private final List<String> started = new CopyOnWriteArrayList<>();
    private final ClusterWorker.Accounts accounts = new ClusterWorker.Accounts() {
        @Override
        public void start(String account) {
            started.add(account);
        }

        @Override
        public void stop(String account, Duration grace, String why) {
            started.remove(account);
        }
    };

    @Test
    void aLoneWorkerRunsNoMoreThanMaxAccountsPerWorker() {
        assertThat(runAlone(2)).hasSize(2);
    }

    @Test
    void withRoomForThemALoneWorkerRunsEveryAccount() {
        assertThat(runAlone(5)).containsExactlyInAnyOrderElementsOf(ACCOUNTS);
    }

    /** The accounts a worker alone with the three runs after a few rounds. */
    private List<String> runAlone(int maxAccountsPerWorker) {
        TestPostgres.TestDatabase database = TestPostgres.shared().newDatabase();
        StoreLocation location = StoreLocation.of(database.url(), dataDir, TestPostgres.TestDatabase.USER, "");
        try (SqliteStore store = SqliteStore.open(location, dataDir, StoreOptions.defaults(), Clock.systemUTC())) {
            store.leases().register(ACCOUNTS);
            ClusterWorker worker = new ClusterWorker("w1", store.leases(), accounts, ACCOUNTS, TTL, maxAccountsPerWorker,
                    Duration.ZERO);
            try {
                for (int round = 0; round < 5; round++) {
                    worker.tick();
                }
                int running = worker.accounts().size();
                Await.until(running + " account(s) started", Duration.ofSeconds(30), () -> started.size() == running);
                return List.copyOf(started);
            } finally {
                worker.close();
            }
        }
    }
}
