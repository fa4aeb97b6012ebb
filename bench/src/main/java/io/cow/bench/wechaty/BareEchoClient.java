package io.cow.bench.wechaty;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cow.wechaty.grpc.EventRequest;
import io.cow.wechaty.grpc.EventResponse;
import io.cow.wechaty.grpc.EventType;
import io.cow.wechaty.grpc.MessagePayloadRequest;
import io.cow.wechaty.grpc.MessagePayloadResponse;
import io.cow.wechaty.grpc.MessageSendTextRequest;
import io.cow.wechaty.grpc.MessageSendTextResponse;
import io.cow.wechaty.grpc.PuppetGrpc;
import io.cow.wechaty.grpc.StartRequest;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The least a client of the puppet service must do to answer a message: take the message event, fetch its
 * payload, send a text back. No pipeline, no model, no store: what it costs is what the transport costs (the Node
 * service, gRPC both ways, loopback), the baseline the bot's added latency is measured against.
 */
final class BareEchoClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final ManagedChannel channel;
    private final PuppetGrpc.PuppetStub stub;
    private final CountDownLatch loggedIn = new CountDownLatch(1);
    private volatile String selfId = "";

    BareEchoClient(String endpoint, String token) {
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Wechaty " + token);
        channel = Grpc.newChannelBuilder(endpoint, InsecureChannelCredentials.create())
                .overrideAuthority(token)
                .intercept(MetadataUtils.newAttachHeadersInterceptor(headers))
                .build();
        stub = PuppetGrpc.newStub(channel);
    }

    /** Opens the event stream, starts the puppet and waits for the login. */
    void start() throws InterruptedException {
        stub.event(EventRequest.getDefaultInstance(), new StreamObserver<>() {
            @Override
            public void onNext(EventResponse event) {
                if (event.getType() == EventType.EVENT_TYPE_LOGIN) {
                    selfId = field(event.getPayload(), "contactId");
                    loggedIn.countDown();
                } else if (event.getType() == EventType.EVENT_TYPE_MESSAGE) {
                    echo(field(event.getPayload(), "messageId"));
                }
            }

            @Override
            public void onError(Throwable t) {
                // the harness closes the channel when it is done
            }

            @Override
            public void onCompleted() {
                // likewise
            }
        });
        PuppetGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS).start(StartRequest.getDefaultInstance());
        if (!loggedIn.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the puppet service did not log the bare client in");
        }
    }

    private void echo(String messageId) {
        stub.messagePayload(MessagePayloadRequest.newBuilder().setId(messageId).build(), new Unary<>() {
            @Override
            public void onNext(MessagePayloadResponse payload) {
                if (payload.getTalkerId().equals(selfId)) {
                    return; // the service tells its client about the texts it sent, as the bot's own messages
                }
                stub.messageSendText(MessageSendTextRequest.newBuilder().setConversationId(payload.getTalkerId())
                        .setText("Echo: " + payload.getText()).build(), new Unary<MessageSendTextResponse>());
            }
        });
    }

    private static String field(String payload, String name) {
        try {
            return JSON.readTree(payload).path(name).asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow();
        channel.awaitTermination(10, TimeUnit.SECONDS);
    }

    /** A unary call's observer that ignores what it is not interested in. */
    private static class Unary<T> implements StreamObserver<T> {
        @Override
        public void onNext(T value) {
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onCompleted() {
        }
    }
}
