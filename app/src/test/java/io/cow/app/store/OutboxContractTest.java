package io.cow.app.store;

import io.cow.core.message.Chat;
import io.cow.core.message.ChatKind;
import io.cow.core.message.IncomingMessage;
import io.cow.core.message.OutgoingMessage;
import io.cow.core.message.Sender;
import io.cow.core.store.ConversationKey;
import io.cow.core.store.Outbox;
import io.cow.core.store.Turn;
import io.cow.testkit.store.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The outbox in the database, and how it moves the inbox and the turns along: on SQLite and on PostgreSQL. */
@ParameterizedClass(name = "{0}")
@EnumSource(StoreKind.class)
class OutboxContractTest {

    @Parameter
    StoreKind kind;

    private static final ConversationKey ALICE = new ConversationKey("web", "alice", "");
    private static final ConversationKey ALICE_ON_ILINK = new ConversationKey("ilink", "alice", "");

    @TempDir
    Path dataDir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T08:00:00Z"), ZoneOffset.UTC);
    private final List<SqliteStore> opened = new ArrayList<>();
    private StoreLocation location;

    @BeforeEach
    void newDatabase() {
        location = kind.newLocation(dataDir);
    }

    @AfterEach
    void closeAll() {
        opened.forEach(SqliteStore::close);
    }

    private SqliteStore open() {
        SqliteStore store = SqliteStore.open(location, dataDir, StoreOptions.defaults(), clock);
        opened.add(store);
        return store;
    }

    private static IncomingMessage group(String id) {
        return IncomingMessage.text("web", id, new Chat("@@room", "Team", ChatKind.GROUP, "Team"),
                Sender.person("@bob", "Bob"), "@Bot q " + id).botNames("Bot").createdAt(Instant.parse("2026-11-24T07:59:59Z")).build();
    }

    private static OutgoingMessage part(IncomingMessage to, String text) {
        return new OutgoingMessage(to.chat(), text, List.of(to.sender().id()), to);
    }

    @Test
    void aPartComesBackWholeAfterAReopen() {
        SqliteStore store = open();
        IncomingMessage q = group("1");
        OutgoingMessage part = part(q, "line 1\nline 2 ✨");
        store.outbox().finish("web", q, List.of(part), 0);
        store.close();

        List<Outbox.Waiting> waiting = open().outbox().waiting("web");
        assertThat(waiting).singleElement().satisfies(w -> {
            assertThat(w.part()).isEqualTo(part);
            assertThat(w.queuedAt()).isEqualTo(clock.instant());
            assertThat(w.attempted()).isFalse();
        });
        assertThat(open().outbox().waiting("ilink")).isEmpty();
    }

    @Test
    void twoChannelInstancesMayQueuePartsWithTheSameClientId() {
        // Cluster workers share the database and each makes its own client ids: two may make the same one.
        SqliteStore store = open();
        IncomingMessage q = group("1");
        OutgoingMessage onWeb = new OutgoingMessage(q.chat(), "from the web account", List.of(), q, "17650000000000001");
        OutgoingMessage onIlink = new OutgoingMessage(q.chat(), "from the iLink account", List.of(), q, "17650000000000001");
        store.outbox().add("web", onWeb);
        store.outbox().add("ilink", onIlink);
        store.outbox().attempted("ilink", onIlink.clientId());
        store.outbox().sent("web", onWeb.clientId());

        assertThat(store.outbox().waiting("web")).isEmpty();
        assertThat(store.outbox().waiting("ilink")).singleElement().satisfies(w -> {
            assertThat(w.part()).isEqualTo(onIlink);
            assertThat(w.attempted()).isTrue();
        });
    }

    @Test
    void theEndOfAnAnswerMarksItsMessageHandledAndItsTurnDeliveredWhenTheLastPartIsSent() throws Exception {
        SqliteStore store = open();
        IncomingMessage q = group("1");
        store.inbox().takeIn(List.of(q));
        Turn turn = store.conversations().appendUndelivered(ALICE, Turn.of("q", "a", clock.instant()));
        OutgoingMessage first = part(q, "first");
        OutgoingMessage last = part(q, "last");
        store.outbox().finish("web", q, List.of(first, last), turn.id());

        assertThat(store.inbox().unhandled("web")).as("handled in the same transaction").isEmpty();
        assertThat(delivered(turn.id())).isFalse();
        store.outbox().sent("web", first.clientId());
        assertThat(delivered(turn.id())).isFalse();
        store.outbox().sent("web", last.clientId());
        assertThat(delivered(turn.id())).isTrue();
        assertThat(store.outbox().waiting("web")).isEmpty();
    }

    @Test
    void anAnswerWhosePartsWereAllSentWhileStreamingIsDeliveredWhenItEnds() throws Exception {
        SqliteStore store = open();
        IncomingMessage q = group("1");
        store.inbox().takeIn(List.of(q));
        OutgoingMessage streamed = part(q, "streamed");
        store.outbox().add("web", streamed);
        store.outbox().sent("web", streamed.clientId());
        Turn turn = store.conversations().appendUndelivered(ALICE, Turn.of("q", "a", clock.instant()));
        store.outbox().finish("web", q, List.of(), turn.id());
        assertThat(delivered(turn.id())).isTrue();
        assertThat(store.inbox().unhandled("web")).isEmpty();
    }

    @Test
    void anAnswerCutShortByAStopIsNotAskedAgainButItsQueuedPartsAreKept() {
        SqliteStore store = open();
        IncomingMessage q = group("1");
        store.inbox().takeIn(List.of(q, group("2")));
        store.outbox().add("web", part(q, "streamed before the stop"));
        store.close();

        SqliteStore after = open();
        assertThat(after.inbox().unhandled("web")).extracting(w -> w.message().id()).containsExactly("2");
        assertThat(after.outbox().waiting("web")).extracting(w -> w.part().text()).containsExactly("streamed before the stop");
    }

    @Test
    void aGivenUpPartNamesTheTurnToForgetAndAnAttemptIsRemembered() {
        SqliteStore store = open();
        IncomingMessage q = group("1");
        Turn turn = store.conversations().appendUndelivered(ALICE, Turn.of("q", "a", clock.instant()));
        OutgoingMessage only = part(q, "only");
        store.outbox().finish("web", q, List.of(only), turn.id());
        store.outbox().attempted("web", only.clientId());
        assertThat(store.outbox().waiting("web")).singleElement().satisfies(w -> assertThat(w.attempted()).isTrue());
        assertThat(store.outbox().givenUp("web", only.clientId())).isEqualTo(turn.id());
        assertThat(store.outbox().givenUp("web", only.clientId())).as("once").isZero();
    }

    @Test
    void turnsOfAChannelNeverQueuedAreForgottenButTurnsOnTheirWayAndOtherChannelsAreKept() {
        SqliteStore store = open();
        IncomingMessage q = group("1");
        Turn onItsWay = store.conversations().appendUndelivered(ALICE, Turn.of("on its way", "a", clock.instant()));
        store.outbox().finish("web", q, List.of(part(q, "waiting")), onItsWay.id());
        store.conversations().appendUndelivered(ALICE, Turn.of("never queued", "a", clock.instant()));
        store.conversations().append(ALICE, Turn.of("delivered", "a", clock.instant()));
        store.conversations().appendUndelivered(ALICE_ON_ILINK, Turn.of("another instance's, on its way", "a", clock.instant()));
        store.close();
        clock.advance(Duration.ofSeconds(1));

        SqliteStore after = open();
        assertThat(after.conversations().forgetUndelivered("web")).isEqualTo(1);
        assertThat(after.conversations().newestTurns(ALICE, Long.MAX_VALUE, 10)).extracting(Turn::question)
                .containsExactly("delivered", "on its way");
        assertThat(after.conversations().newestTurns(ALICE_ON_ILINK, Long.MAX_VALUE, 10)).hasSize(1);
    }

    private boolean delivered(long turnId) {
        Database db = opened.get(opened.size() - 1).database();
        return db.call("read a turn", () -> {
            PreparedStatement read = db.statement("SELECT delivered FROM turns WHERE id = ?");
            read.setLong(1, turnId);
            try (ResultSet rows = read.executeQuery()) {
                return rows.next() && rows.getInt(1) == 1;
            }
        });
    }
}
