package io.cow.app.media;

import io.cow.core.channel.Channel;
import io.cow.core.channel.ChannelEvents;
import io.cow.core.config.Settings;
import io.cow.core.media.MediaFile;
import io.cow.core.media.MediaLibrary;
import io.cow.core.media.MediaSettings;
import io.cow.core.message.Attachment;
import io.cow.core.message.Chat;
import io.cow.core.message.IncomingMessage;
import io.cow.core.message.MessageKind;
import io.cow.core.message.OutgoingMessage;
import io.cow.core.message.Sender;
import io.cow.testkit.store.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MediaFolderTest {

    @TempDir
    Path data;

    private final MutableClock clock = MutableClock.startingNow();
    private final Map<String, byte[]> served = new HashMap<>();
    private MediaFolder folder;

    private final Channel channel = new Channel() {
        @Override
        public String name() {
            return "web";
        }

        @Override
        public void start(ChannelEvents events) {
        }

        @Override
        public CompletableFuture<Void> send(OutgoingMessage message) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public InputStream openAttachment(IncomingMessage message, Attachment attachment) {
            return new ByteArrayInputStream(served.get(attachment.ref()));
        }

        @Override
        public void close() {
        }
    };

    @AfterEach
    void close() {
        if (folder != null) {
            folder.close();
        }
    }

    private MediaFolder folder() {
        Settings settings = Settings.defaults(MediaSettings.all()).with(MediaSettings.RETENTION, Duration.ofHours(1))
                .with(MediaSettings.MAX_IMAGE_BYTES, 10_000);
        folder = new MediaFolder(data, settings, clock);
        return folder;
    }

    private static IncomingMessage message(String id, MessageKind kind, String ref) {
        Chat chat = Chat.privateChat("alice", "Alice");
        return IncomingMessage.text("web", id, chat, Sender.person("alice", "Alice"), "")
                .attachment(Attachment.of(kind, ref)).build();
    }

    @Test
    void aPictureIsStreamedToTheDataFolderWithTheTypeItsBytesShowAndDeletedWhenDone() throws Exception {
        served.put("p", io.cow.app.web.MediaSamples.png(1));
        MediaFile file = folder().take(channel, message("1", MessageKind.IMAGE, "p"));
        assertThat(file.mediaType()).isEqualTo("image/png");
        assertThat(file.bytes()).isEqualTo(served.get("p"));
        assertThat(data.resolve("media/web/1.png")).exists();
        file.delete();
        assertThat(data.resolve("media/web/1.png")).doesNotExist();
    }

    @Test
    void theTypeComesFromTheBytesNotTheNameAndAMismatchIsRejected() {
        served.put("v", io.cow.app.web.MediaSamples.mp3(3));
        assertThatThrownBy(() -> folder().take(channel, message("2", MessageKind.IMAGE, "v")))
                .isInstanceOf(MediaLibrary.MediaRejectedException.class).hasMessageContaining("its bytes are audio/mpeg");
        assertThat(data.resolve("media/web")).isEmptyDirectory();
    }

    @Test
    void aDownloadStopsAtTheCapAndLeavesNothingBehind() throws Exception {
        byte[] big = new byte[20_000];
        System.arraycopy(io.cow.app.web.MediaSamples.png(1), 0, big, 0, 16);
        served.put("big", big);
        assertThatThrownBy(() -> folder().take(channel, message("3", MessageKind.IMAGE, "big")))
                .isInstanceOf(MediaLibrary.MediaRejectedException.class).hasMessageContaining("too large");
        assertThat(data.resolve("media/web")).isEmptyDirectory();
    }

    @Test
    void aPictureWithAJpegMagicButNoValidHeaderIsCorrupt() {
        byte[] bad = new byte[500];
        bad[0] = (byte) 0xFF;
        bad[1] = (byte) 0xD8;
        bad[2] = (byte) 0xFF;
        served.put("bad", bad);
        assertThatThrownBy(() -> folder().take(channel, message("4", MessageKind.IMAGE, "bad")))
                .isInstanceOf(MediaLibrary.MediaRejectedException.class).hasMessageContaining("corrupt picture");
    }

    @Test
    void filesOlderThanTheRetentionAreDeletedByTheSweep() throws Exception {
        served.put("p", io.cow.app.web.MediaSamples.png(2));
        MediaFolder media = folder();
        media.take(channel, message("5", MessageKind.IMAGE, "p"));
        media.take(channel, message("6", MessageKind.IMAGE, "p"));
        Path old = data.resolve("media/web/5.png");
        Path fresh = data.resolve("media/web/6.png");
        Files.setLastModifiedTime(old, FileTime.from(clock.instant().minus(Duration.ofMinutes(30))));
        clock.advance(Duration.ofMinutes(45));
        media.sweep();
        assertThat(old).doesNotExist();
        assertThat(fresh).exists();
    }
}
