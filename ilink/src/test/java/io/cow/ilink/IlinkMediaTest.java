package io.cow.ilink;

import io.cow.core.message.Chat;
import io.cow.core.message.IncomingMessage;
import io.cow.core.message.MessageKind;
import io.cow.ilink.media.AesEcb;
import io.cow.testkit.await.Await;
import io.cow.testkit.ilink.Endpoint;
import io.cow.testkit.ilink.IlinkFault;
import io.cow.testkit.ilink.KeyVariant;
import io.cow.testkit.ilink.SentMessage;
import io.cow.testkit.ilink.UserMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.cow.ilink.IlinkTestBot.USER;
import static io.cow.ilink.IlinkTestBot.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Media through the simulated CDN: AES-128-ECB both ways, with the simulator decrypting and checking the MD5. */
class IlinkMediaTest {

    @TempDir
    Path data;

    IlinkTestBot t;

    @BeforeEach
    void setUp() {
        t = new IlinkTestBot(data);
    }

    @AfterEach
    void tearDown() {
        t.close();
    }

    @Test
    void aesMatchesTheFactSheetTestVector() {
        byte[] key = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");
        byte[] cipher = AesEcb.encrypt(key, "hello".getBytes(StandardCharsets.UTF_8));
        assertThat(HexFormat.of().formatHex(cipher)).isEqualTo("5d8749e2af7531b2bf6661e9e5daf012");
        assertThat(new String(AesEcb.decrypt(key, cipher), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(AesEcb.encrypt(key, new byte[16])).hasSize(32);
        assertThat(AesEcb.cipherSize(16)).isEqualTo(32);
        assertThat(AesEcb.cipherSize(5)).isEqualTo(16);
        assertThatThrownBy(() -> AesEcb.decrypt(new byte[16], cipher)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "upload_full_url given: {0}")
    @ValueSource(booleans = {false, true})
    void anUploadedImagePassesTheSimulatorsDecryptionAndMd5Check(boolean fullUrl) throws Exception {
        t.sim.uploadFullUrl(fullUrl);
        loggedInWithAQuestion();
        byte[] image = image(70_001);

        t.channel.sendImage(Chat.privateChat(USER, USER), image).get(10, TimeUnit.SECONDS);

        SentMessage sent = t.sim.awaitSent(2, WAIT).get(1);
        assertThat(sent.itemType()).isEqualTo(2);
        assertThat(sent.media()).isEqualTo(image);
        assertThat(t.sim.rejections()).isEmpty();
        assertThat(t.sim.calls(Endpoint.CDN_UPLOAD)).hasSize(1);
    }

    @Test
    void cdn5xxIsRetriedAnd4xxIsNot() throws Exception {
        loggedInWithAQuestion();
        t.sim.failNext(Endpoint.CDN_UPLOAD, IlinkFault.http(503), IlinkFault.http(500));
        byte[] image = image(1000);
        t.channel.sendImage(Chat.privateChat(USER, USER), image).get(10, TimeUnit.SECONDS);
        assertThat(t.sim.awaitSent(2, WAIT).get(1).media()).isEqualTo(image);
        assertThat(t.sim.calls(Endpoint.CDN_UPLOAD)).hasSize(3);

        t.sim.failNext(Endpoint.CDN_UPLOAD, new IlinkFault.HttpError(400, "file type not allowed"));
        assertThatThrownBy(() -> t.channel.sendImage(Chat.privateChat(USER, USER), image).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasMessageContaining("HTTP 400 (file type not allowed)");
        assertThat(t.sim.calls(Endpoint.CDN_UPLOAD)).hasSize(4);
        assertThat(t.sim.sent()).hasSize(2);
    }

    @ParameterizedTest
    @EnumSource(KeyVariant.class)
    void anInboundImageArrivesAsAnAttachmentThatDownloadsToTheOriginalBytesAndNothingIsWrittenBeforeThat(KeyVariant variant)
            throws Exception {
        t.start();
        t.login(1);
        byte[] image = image(123_457);
        UserMessage sent = t.sim.sendImage(USER, image, variant);

        IncomingMessage incoming = Await.value("the image message", WAIT, () -> t.incoming.isEmpty() ? null : t.incoming.get(0));
        assertThat(incoming.kind()).isEqualTo(MessageKind.IMAGE);
        assertThat(incoming.id()).isEqualTo(sent.messageId().toString());
        assertThat(incoming.attachment().kind()).isEqualTo(MessageKind.IMAGE);
        assertThat(Files.exists(data.resolve("media"))).isFalse();
        try (InputStream in = t.channel.openAttachment(incoming, incoming.attachment())) {
            assertThat(in.readAllBytes()).isEqualTo(image);
        }
    }

    @Test
    void anInboundFileCarriesItsNameAndIsNotAnswered() throws Exception {
        t.start();
        t.login(1);
        byte[] pdf = "%PDF-1.4 a small report".getBytes(StandardCharsets.US_ASCII);
        t.sim.sendFile(USER, "report 2026.pdf", pdf, KeyVariant.BASE64_HEX);
        t.sim.sendText(USER, "and a question");
        assertThat(t.sim.awaitSent(1, WAIT)).extracting(SentMessage::text).containsExactly("Echo: and a question");
        IncomingMessage file = t.incoming.get(0);
        assertThat(file.kind()).isEqualTo(MessageKind.FILE);
        assertThat(file.attachment().fileName()).isEqualTo("report 2026.pdf");
        try (InputStream in = t.channel.openAttachment(file, file.attachment())) {
            assertThat(in.readAllBytes()).isEqualTo(pdf);
        }
    }

    private void loggedInWithAQuestion() {
        t.start();
        t.login(1);
        t.sim.sendText(USER, "send me a picture");
        t.sim.awaitSent(1, WAIT);
    }

    /** PNG-looking bytes of the given size. */
    private static byte[] image(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        byte[] magic = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
        System.arraycopy(magic, 0, bytes, 0, magic.length);
        return bytes;
    }
}
