package io.cow.ilink.inbound;

import io.cow.ilink.api.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InboundParserTest {

    /** The fact sheet's capture, with a quote and fields no client knows. */
    private static final String CAPTURE = """
            {"seq":1,"message_id":7495426660285223688,"from_user_id":"o9cq80z1x@im.wechat","to_user_id":"686e904fa004@im.bot",
             "client_id":"mmassistant_bypmsg_inbox_1","create_time_ms":1787048974030,"update_time_ms":1787048974136,"delete_time_ms":0,
             "session_id":"","group_id":"","message_type":1,"message_state":2,"brand_new_field":{"x":[1,2]},
             "item_list":[{"type":1,"create_time_ms":1787048974030,"is_completed":true,"msg_id":"v1:14778023042603769070",
               "button_item_list":[],"at_bot_username_list":[],"text_item":{"text":"你好"},
               "ref_msg":{"message_item":{"type":1,"text_item":{"text":"old"}},"title":"old","svr_id":18446744073709551615}}],
             "context_token":"AARzJWAFAAABAAAAAADEcaoi","root_id":0,"parent_id":0}
            """;

    @Test
    void readsTheCaptureLosslesslyAndIgnoresUnknownFields() throws Exception {
        InboundMessage m = InboundParser.parse(Json.MAPPER.readTree(CAPTURE));
        assertThat(m.messageId()).isEqualTo("7495426660285223688");
        assertThat(m.seq()).isEqualTo("1");
        assertThat(m.fromUser()).isEqualTo("o9cq80z1x@im.wechat");
        assertThat(m.toUser()).isEqualTo("686e904fa004@im.bot");
        assertThat(m.createdAtMs()).isEqualTo(1787048974030L);
        assertThat(m.messageType()).isEqualTo(InboundMessage.FROM_USER);
        assertThat(m.contextToken()).isEqualTo("AARzJWAFAAABAAAAAADEcaoi");
        assertThat(m.items()).singleElement().satisfies(i -> {
            assertThat(i.type()).isEqualTo(InboundItem.TEXT);
            assertThat(i.text()).isEqualTo("你好");
            assertThat(i.msgId()).isEqualTo("v1:14778023042603769070");
        });
        assertThat(m.stableId()).isEqualTo("7495426660285223688");
    }

    @Test
    void aMessageWithoutSenderIsRefused() throws Exception {
        assertThatThrownBy(() -> InboundParser.parse(Json.MAPPER.readTree("{\"message_id\":1,\"item_list\":[]}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("from_user_id");
        assertThatThrownBy(() -> InboundParser.parse(Json.MAPPER.readTree("[1,2]"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void duplicatesAreFoundByMessageIdSeqOrItemId() throws Exception {
        Deduper deduper = new Deduper(100);
        InboundMessage m = InboundParser.parse(Json.MAPPER.readTree(CAPTURE));
        assertThat(deduper.seenBefore(m)).isFalse();
        assertThat(deduper.seenBefore(m)).isTrue();
        InboundMessage sameItemNewId = new InboundMessage("1", "2", m.fromUser(), m.toUser(), 0, 1, "", m.items());
        assertThat(deduper.seenBefore(sameItemNewId)).isTrue();
        InboundMessage sameSeq = new InboundMessage("3", "1", m.fromUser(), m.toUser(), 0, 1, "", java.util.List.of());
        assertThat(deduper.seenBefore(sameSeq)).isTrue();
        InboundMessage sameSeqOtherBot = new InboundMessage("4", "1", m.fromUser(), "other@im.bot", 0, 1, "", java.util.List.of());
        assertThat(deduper.seenBefore(sameSeqOtherBot)).as("a new login counts seq from 1 again").isFalse();
    }
}
