package io.cow.app.model;

import io.cow.core.channel.kit.BoundedBody;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read as lines, handed on as they arrive on the HTTP client's thread. Lines end with LF or CRLF
 * (the LF found in the bytes: no UTF-8 sequence holds the byte 0x0A), and each is decoded once. Cheaper than the
 * JDK's own line subscriber, which decodes the stream into a buffer of characters and searches that again.
 */
final class LineBody implements HttpResponse.BodySubscriber<Void> {

    /** What the lines go to. */
    interface Lines {
        void onSubscribe(Flow.Subscription subscription);

        void onLine(String line);

        void onError(Throwable error);

        void onComplete();
    }

    private final Lines lines;
    private final long maxBytes;
    private final long maxLine;
    private final CompletableFuture<Void> body = new CompletableFuture<>();
    /** The start of a line whose end has not arrived yet. */
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream(256);
    private byte[] scratch = new byte[4096];
    private Flow.Subscription subscription;
    private long received;
    private boolean tooLarge;

    /**
     * @param maxBytes the body is refused beyond this many bytes in all
     * @param maxLine  and beyond this many in one line: a stream of one endless line fills the heap as a huge body does
     */
    LineBody(Lines lines, long maxBytes, long maxLine) {
        this.lines = lines;
        this.maxBytes = maxBytes;
        this.maxLine = maxLine;
    }

    @Override
    public CompletionStage<Void> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        lines.onSubscribe(subscription);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        for (ByteBuffer buffer : buffers) {
            if (tooLarge) {
                return;
            }
            received += buffer.remaining();
            split(buffer);
            if (received > maxBytes || partial.size() > maxLine) {
                tooLarge = true;
                subscription.cancel();
                onError(new BoundedBody.TooLargeException("the model API", received > maxBytes ? maxBytes : maxLine));
            }
        }
    }

    private void split(ByteBuffer buffer) {
        byte[] bytes;
        int offset;
        int end;
        if (buffer.hasArray()) {
            bytes = buffer.array();
            offset = buffer.arrayOffset() + buffer.position();
            end = buffer.arrayOffset() + buffer.limit();
        } else {
            // The JDK client hands read-only buffers: their bytes are copied into one array kept for the next ones.
            if (scratch.length < buffer.remaining()) {
                scratch = new byte[Math.max(buffer.remaining(), 2 * scratch.length)];
            }
            bytes = scratch;
            offset = 0;
            end = buffer.remaining();
            buffer.get(buffer.position(), bytes, 0, end);
        }
        int start = offset;
        for (int i = offset; i < end; i++) {
            if (bytes[i] == '\n') {
                emit(bytes, start, i);
                start = i + 1;
            }
        }
        partial.write(bytes, start, end - start);
    }

    private void emit(byte[] bytes, int start, int end) {
        String line;
        if (partial.size() == 0) {
            int last = end > start && bytes[end - 1] == '\r' ? end - 1 : end;
            line = new String(bytes, start, last - start, StandardCharsets.UTF_8);
        } else {
            partial.write(bytes, start, end - start);
            byte[] whole = partial.toByteArray();
            partial.reset();
            int last = whole.length > 0 && whole[whole.length - 1] == '\r' ? whole.length - 1 : whole.length;
            line = new String(whole, 0, last, StandardCharsets.UTF_8);
        }
        lines.onLine(line);
    }

    @Override
    public void onError(Throwable error) {
        if (tooLarge && !(error instanceof BoundedBody.TooLargeException)) {
            return;
        }
        lines.onError(error);
        body.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        if (tooLarge) {
            return;
        }
        if (partial.size() > 0) {
            byte[] rest = partial.toByteArray();
            partial.reset();
            emit(rest, 0, rest.length);
        }
        lines.onComplete();
        body.complete(null);
    }
}
