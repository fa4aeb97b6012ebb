package io.cow.app.store;

import io.cow.core.message.Chat;
import io.cow.core.message.OutgoingMessage;
import io.cow.core.store.LeaseLostException;
import io.cow.testkit.await.Await;
import io.cow.testkit.net.TcpRelay;
import io.cow.testkit.store.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Account leases and the fencing of writes, on a real PostgreSQL: one holder at a time, a larger token at every take,
 * and a worker whose lease was taken over can no longer write the account's login state, take in its messages or
 * touch its outbox.
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
        return worker(id, location, tokens);
    }

    private SqliteStore worker(String id, StoreLocation location, Map<String, Long> tokens) {
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
        OutgoingMessage queued = OutgoingMessage.to(Chat.privateChat("alice", "Alice"), "queued by a");
        a.outbox().add("acct1", queued);

        Await.until("b took the expired lease", Duration.ofSeconds(30), () -> b.leases().take("acct1", "b", LONG)
                .map(lease -> bTokens.put("acct1", lease.token()) == null).orElse(false));
        b.channelState().put("acct1", "session", "b's session");

        assertThatThrownBy(() -> a.channelState().put("acct1", "session", "a's stale session"))
                .isInstanceOf(LeaseLostException.class).hasMessageContaining("acct1");
        assertThatThrownBy(() -> StoreContractTest.takeIn(a, "acct1", "m2")).isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> b.channelState().put("acct2", "session", "not held")).isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> a.outbox().attempted("acct1", queued.clientId())).as("a may not send it")
                .isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> a.outbox().sent("acct1", queued.clientId())).isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> a.outbox().givenUp("acct1", queued.clientId())).isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> a.outbox().add("acct1", OutgoingMessage.to(Chat.privateChat("alice", "Alice"), "stale")))
                .isInstanceOf(LeaseLostException.class);
        assertThat(b.outbox().waiting("acct1")).extracting(w -> w.part().clientId()).containsExactly(queued.clientId());
        b.outbox().sent("acct1", queued.clientId());
        assertThat(b.outbox().waiting("acct1")).isEmpty();
        assertThat(b.channelState().get("acct1", "session")).contains("b's session");
        assertThat(StoreContractTest.takeIn(b, "acct1", "m1")).as("the inbox is shared: m1 was taken in already").isFalse();
        assertThat(StoreContractTest.takeIn(b, "acct1", "m2")).isTrue();
    }

    /**
     * A worker cut off from the database in the middle of a fenced write (here: crossing a sent reply off the outbox)
     * leaves a transaction open on the server, with the lease row and the reply's row locked. The server must end it
     * soon, or the next holder waits for those rows as long as the server keeps the dead session: it could neither
     * take the account nor cross the reply off (a chat stood still for minutes after a failover in ClusterIT).
     */
    @Test
    void aWorkerCutOffInTheMiddleOfAWriteLeavesNoLockTheNextHolderWaitsFor() throws Exception {
        TestPostgres.TestDatabase database = TestPostgres.shared().newDatabase();
        try (TcpRelay relay = TcpRelay.to(database.server().port())) {
            Map<String, Long> aTokens = new HashMap<>();
            Map<String, Long> bTokens = new HashMap<>();
            SqliteStore a = worker("a", StoreLocation.of(database.url(relay.port()), dataDir, TestPostgres.TestDatabase.USER, ""), aTokens);
            SqliteStore b = worker("b", StoreLocation.of(database.url(), dataDir, TestPostgres.TestDatabase.USER, ""), bTokens);
            a.leases().register(List.of("acct1"));
            Leases.Lease aLease = a.leases().take("acct1", "a", Duration.ofSeconds(1)).orElseThrow();
            aTokens.put("acct1", aLease.token());
            OutgoingMessage reply = OutgoingMessage.to(Chat.privateChat("alice", "Alice"), "the reply");
            a.outbox().add("acct1", reply);

            // a's write as Fencing and SqliteOutbox.sent do it, cut off before its commit reaches the server
            Database db = a.database();
            CompletableFuture<Void> cut = new CompletableFuture<>();
            CompletableFuture.supplyAsync(() -> db.transaction("cross off a sent reply", () -> {
                PreparedStatement holds = db.statement(Leases.HOLDS);
                holds.setString(1, "acct1");
                holds.setString(2, "a");
                holds.setLong(3, aLease.token());
                holds.executeQuery().close();
                PreparedStatement remove = db.statement(StoreSql.OUTBOX_REMOVE);
                remove.setString(1, "acct1");
                remove.setString(2, reply.clientId());
                remove.executeQuery().close();
                relay.blackhole();
                cut.complete(null);
                return null;
            }));
            cut.get(30, TimeUnit.SECONDS);

            // b, the next holder: takes the account once a's lease has run out, finds the reply (a's removal never
            // committed), sends it again and crosses it off
            CompletableFuture<List<String>> nextHolder = CompletableFuture.supplyAsync(() -> {
                Await.until("b took the expired lease", Duration.ofSeconds(60), () -> b.leases().take("acct1", "b", LONG)
                        .map(lease -> bTokens.put("acct1", lease.token()) == null).orElse(false));
                List<String> waiting = b.outbox().waiting("acct1").stream().map(w -> w.part().clientId()).toList();
                b.outbox().sent("acct1", reply.clientId());
                return waiting;
            });
            assertThat(nextHolder.get(30, TimeUnit.SECONDS)).as("the reply a could not cross off").containsExactly(reply.clientId());
            assertThat(b.outbox().waiting("acct1")).isEmpty();
        }
    }
}
