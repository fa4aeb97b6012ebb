package io.cow.core.media;

import io.cow.core.message.Attachment;
import io.cow.core.message.Chat;
import io.cow.core.message.ChatKind;
import io.cow.core.message.IncomingMessage;
import io.cow.core.message.MessageKind;
import io.cow.core.message.Sender;
import io.cow.core.message.SenderKind;
import io.cow.core.usage.UsageMeter;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MediaStageTest {

    private static MediaStage stage(boolean requireKeyword) {
        MediaLibrary none = (channel, message) -> {
            throw new MediaLibrary.MediaRejectedException("not in this test");
        };
        return new MediaStage(new MediaStage.Options("", false, requireKeyword, true, List.of("画", "draw"), 0), none, null,
                new Drawer() {
                    @Override
                    public java.util.concurrent.CompletableFuture<Picture> draw(String prompt) {
                        return new java.util.concurrent.CompletableFuture<>();
                    }

                    @Override
                    public String profile() {
                        return "painter";
                    }
                }, new ImagePairing(Duration.ofMinutes(2), Duration.ofHours(1), Clock.systemUTC()), UsageMeter.NONE);
    }

    private static IncomingMessage voice(ChatKind kind, String transcript) {
        Chat chat = new Chat("c", "c", kind, "Chat");
        return IncomingMessage.text("web", "1", chat, new Sender("a", "a", "Alice", SenderKind.PERSON), "")
                .attachment(new Attachment(MessageKind.VOICE, "", "", -1, transcript)).build().asText(transcript);
    }

    @Test
    void aPrivateVoiceMessageIsAQuestionWithOrWithoutTheKeyword() {
        MediaStage stage = stage(false);
        assertThat(stage.voiceQuestion(voice(ChatKind.PRIVATE, "what time is it"), "Hi bot:")).contains("what time is it");
        assertThat(stage.voiceQuestion(voice(ChatKind.PRIVATE, "Hi bot: what time is it"), "Hi bot:")).contains("what time is it");
    }

    @Test
    void withRequireKeywordAndInGroupsTheKeywordMustStartTheTranscript() {
        assertThat(stage(true).voiceQuestion(voice(ChatKind.PRIVATE, "what time is it"), "Hi bot:")).isEmpty();
        assertThat(stage(false).voiceQuestion(voice(ChatKind.GROUP, "what time is it"), "Hi bot:")).isEmpty();
        assertThat(stage(false).voiceQuestion(voice(ChatKind.GROUP, "Hi bot: what time is it"), "Hi bot:")).contains("what time is it");
    }

    @Test
    void drawingPrefixesStartTheQuestionAndNeedADescription() {
        MediaStage stage = stage(false);
        assertThat(stage.drawPrompt("画 一只猫")).contains("一只猫");
        assertThat(stage.drawPrompt("画一只猫")).contains("一只猫");
        assertThat(stage.drawPrompt("Draw: a red fox")).contains("a red fox");
        assertThat(stage.drawPrompt("画")).isEmpty();
        assertThat(stage.drawPrompt("what does 画 mean?")).isEmpty();
        assertThat(stage.drawPrompt("drawing is fun, right?")).isEmpty();
        assertThat(MediaStage.none().drawPrompt("画 一只猫")).isEmpty();
    }

    @Test
    void withoutALibraryAttachmentsAreLeftToTheNoiseFilter() {
        assertThat(MediaStage.none().takes(voice(ChatKind.PRIVATE, "hi"))).isFalse();
    }

    @Test
    void theBotsOwnPicturesAreNotTaken() {
        Chat chat = Chat.privateChat("c", "Chat");
        IncomingMessage own = IncomingMessage.text("web", "1", chat, new Sender("me", "me", "Me", SenderKind.PERSON), "")
                .attachment(Attachment.of(MessageKind.IMAGE, "IMAGE:1")).fromSelf(true).build();
        assertThat(stage(false).takes(own)).isFalse();
        IncomingMessage theirs = IncomingMessage.text("web", "2", chat, new Sender("a", "a", "Alice", SenderKind.PERSON), "")
                .attachment(Attachment.of(MessageKind.IMAGE, "IMAGE:2")).build();
        assertThat(stage(false).takes(theirs)).isTrue();
    }
}
