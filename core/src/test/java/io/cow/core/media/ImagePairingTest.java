package io.cow.core.media;

import io.cow.core.message.Attachment;
import io.cow.core.message.Chat;
import io.cow.core.message.ChatKind;
import io.cow.core.message.IncomingMessage;
import io.cow.core.message.MessageKind;
import io.cow.core.message.Sender;
import io.cow.core.message.SenderKind;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ImagePairingTest {

    private Instant now = Instant.parse("2026-12-07T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final ImagePairing pairing = new ImagePairing(Duration.ofMinutes(2), Duration.ofHours(1), clock);
    private final Chat team = new Chat("@@team", "Team", ChatKind.GROUP, "Team");
    private final List<String> deleted = new ArrayList<>();

    private IncomingMessage from(String member, String text) {
        return IncomingMessage.text("web", "m" + System.nanoTime(), team, new Sender(member, member, member, SenderKind.PERSON), text).build();
    }

    private MediaFile picture(String name) {
        return new MediaFile() {
            @Override
            public Attachment attachment() {
                return Attachment.of(MessageKind.IMAGE, name);
            }

            @Override
            public String mediaType() {
                return "image/png";
            }

            @Override
            public long size() {
                return 1;
            }

            @Override
            public byte[] bytes() {
                return new byte[]{1};
            }

            @Override
            public void delete() {
                deleted.add(name);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    @Test
    void aMembersPictureGoesWithTheirOwnNextQuestionOnlyAndOnlyOnce() {
        pairing.keep(from("bob", ""), picture("bob.png"));
        assertThat(pairing.take(from("carol", "what is it?"))).isEmpty();
        assertThat(pairing.take(from("bob", "describe it"))).map(Object::toString).contains("bob.png");
        assertThat(pairing.take(from("bob", "and again?"))).isEmpty();
    }

    @Test
    void aPictureOlderThanTheWindowIsNotPairedButCanStillBeQuoted() {
        pairing.keep(from("bob", ""), picture("bob.png"));
        now = now.plus(Duration.ofMinutes(3));
        assertThat(pairing.take(from("bob", "describe it"))).isEmpty();
        IncomingMessage quoting = from("carol", "「bob：[图片]」\n- - - - - - - - - - - - - - -\nwhat is this?");
        assertThat(pairing.take(quoting)).map(Object::toString).contains("bob.png");
    }

    @Test
    void aNewerPictureReplacesTheSendersOlderOneWhichIsDeleted() {
        pairing.keep(from("bob", ""), picture("one.png"));
        pairing.keep(from("bob", ""), picture("two.png"));
        assertThat(deleted).containsExactly("one.png");
        assertThat(pairing.take(from("bob", "this?"))).map(Object::toString).contains("two.png");
    }

    @Test
    void picturesNobodyCanAskAboutAnyMoreAreDeleted() {
        pairing.keep(from("bob", ""), picture("old.png"));
        now = now.plus(Duration.ofHours(2));
        pairing.keep(from("alice", ""), picture("new.png"));
        assertThat(deleted).containsExactly("old.png");
        assertThat(pairing.waiting()).isEqualTo(1);
    }

    @Test
    void onlyAQuotedPictureMarkerCounts() {
        assertThat(ImagePairing.quotesImage("「Bob：[图片]」\n- - - - - - - - - - - - - - -\nwhat?")).isTrue();
        assertThat(ImagePairing.quotesImage("「Bob: [Photo]」\n- - - - - - - - - - - - - - -\nwhat?")).isTrue();
        assertThat(ImagePairing.quotesImage("what is [图片] in Chinese?")).isFalse();
        assertThat(ImagePairing.quotesImage("「Bob：hello」\n- - - - - - - - - - - - - - -\nwhat?")).isFalse();
    }
}
