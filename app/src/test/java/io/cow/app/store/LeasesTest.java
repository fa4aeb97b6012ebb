package io.cow.app.store;

import io.cow.testkit.await.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Account leases and the fencing of writes, on a real PostgreSQL: one holder at a time, a larger token at every take,
 * and a worker whose lease was taken over can no longer write the account's login state or take in its messages.
 */
class LeasesTest {

    private static final Duration LONG = Duration.ofMinutes(5);

    @TempDir
    Path dataDir;

    private StoreLocation location;
    private final List<SqliteStore> opened = new ArrayList<>();

    @BeforeEach
    void newDatabase() {
        location = StoreKind.POSTGRESQL.newLocation(dataDir);
    }

    @AfterEach
    void closeAll() {
        opened.forEach(SqliteStore::close);
    }

    /** One worker's connection to the shared database, fenced by the tokens it holds. */
    private SqliteStore worker(String id, Map<String, Long> tokens) {
        SqliteStore store = SqliteStore.open(location, dataDir.resolve(id), new StoreOptions(Duration.ofHours(24)), Clock.systemUTC());
        opened.add(store);
        store.fence(id, account -> tokens.containsKey(account) ? OptionalLong.of(tokens.get(account)) : OptionalLong.empty());
        return store;
    }

    @Test
    void aLiveLeaseHasOneHolderAndAnExpiredOneGoesToTheNextWithALargerToken() {
        SqliteStore a = worker("a", new HashMap<>());
        SqliteStore b = worker("b", new HashMap<>());
        a.leases().register(List.of("acct1"));
        b.leases().register(List.of("acct1"));

        Leases.Lease first = a.leases().take("acct1", "a", Duration.ofMillis(300)).orElseThrow();
        assertThat(b.leases().take("acct1", "b", LONG)).as("taken while a's lease lives").isEmpty();
        assertThat(a.leases().renew("a", List.of(first), Duration.ofMillis(300))).containsExactly("acct1");

        Await.until("a's lease expired and b took it", Duration.ofSeconds(30),
                () -> b.leases().take("acct1", "b", LONG).isPresent());
        Leases.Row row = b.leases().heartbeat("b", LONG).leases().get(0);
        assertThat(row.holder()).isEqualTo("b");
        assertThat(row.token()).isGreaterThan(first.token());
        assertThat(a.leases().renew("a", List.of(first), LONG)).as("a's old lease cannot be renewed").isEmpty();
    }

    @Test
    void aWorkerWhoseLeaseWasTakenCannotWriteTheAccountsStateOrTakeInItsMessages() {
        Map<String, Long> aTokens = new HashMap<>();
        Map<String, Long> bTokens = new HashMap<>();
        SqliteStore a = worker("a", aTokens);
        SqliteStore b = worker("b", bTokens);
        a.leases().register(List.of("acct1"));
        Leases.Lease aLease = a.leases().take("acct1", "a", Duration.ofMillis(300)).orElseThrow();
        aTokens.put("acct1", aLease.token());
        a.channelState().put("acct1", "session", "a's session");
        assertThat(StoreContractTest.takeIn(a, "acct1", "m1")).isTrue();

        Await.until("b took the expired lease", Duration.ofSeconds(30), () -> b.leases().take("acct1", "b", LONG)
                .map(lease -> bTokens.put("acct1", lease.token()) == null).orElse(false));
        b.channelState().put("acct1", "session", "b's session");

        assertThatThrownBy(() -> a.channelState().put("acct1", "session", "a's stale session"))
                .isInstanceOf(LeaseLostException.class).hasMessageContaining("acct1");
        assertThatThrownBy(() -> StoreContractTest.takeIn(a, "acct1", "m2")).isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> b.channelState().put("acct2", "session", "not held")).isInstanceOf(LeaseLostException.class);
        assertThat(b.channelState().get("acct1", "session")).contains("b's session");
        assertThat(StoreContractTest.takeIn(b, "acct1", "m1")).as("the inbox is shared: m1 was taken in already").isFalse();
        assertThat(StoreContractTest.takeIn(b, "acct1", "m2")).isTrue();
    }
}
