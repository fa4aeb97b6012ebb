package io.cow.core.channel.kit;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Response bodies read with a size cap, so that a service that answers with 100 MB (by mistake or on purpose) fails
 * that one call with a clear message instead of filling the heap and ending the process. Every HTTP client of the bot
 * reads through this: the channels' and the model's.
 */
public final class BoundedBody {

    private BoundedBody() {
    }

    /** The body was larger than the cap; the connection is dropped. */
    public static final class TooLargeException extends IOException {
        public TooLargeException(String what, long cap) {
            super("the answer of " + what + " is larger than " + describe(cap) + "; it was not read");
        }
    }

    /** A body handler for {@code java.net.http} that keeps at most {@code cap} bytes, else fails the call. */
    public static HttpResponse.BodyHandler<byte[]> bytes(long cap, String what) {
        return info -> new Capped(cap, what);
    }

    /**
     * A stream that fails once more than {@code cap} bytes were read in all, or a line (up to a {@code \n}) is longer
     * than {@code lineCap}: for streamed answers read line by line, where one endless line is as bad as a huge body.
     */
    public static InputStream stream(InputStream in, long cap, long lineCap, String what) {
        return new CappedStream(in, cap, lineCap, what);
    }

    private static String describe(long bytes) {
        return bytes >= 1 << 20 ? (bytes >> 20) + " MiB" : bytes + " bytes";
    }

    private static final class Capped implements HttpResponse.BodySubscriber<byte[]> {
        private final long cap;
        private final String what;
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        Capped(long cap, String what) {
            this.cap = cap;
            this.what = what;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (body.isDone()) {
                return;
            }
            for (ByteBuffer item : items) {
                if ((long) buffer.size() + item.remaining() > cap) {
                    subscription.cancel();
                    body.completeExceptionally(new TooLargeException(what, cap));
                    return;
                }
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                buffer.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            body.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            body.complete(buffer.toByteArray());
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }
    }

    private static final class CappedStream extends FilterInputStream {
        private final long cap;
        private final long lineCap;
        private final String what;
        private long total;
        private long line;

        CappedStream(InputStream in, long cap, long lineCap, String what) {
            super(in);
            this.cap = cap;
            this.lineCap = lineCap;
            this.what = what;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count((byte) b);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            for (int i = 0; i < n; i++) {
                count(buffer[offset + i]);
            }
            return n;
        }

        private void count(byte b) throws IOException {
            total++;
            line = b == '\n' ? 0 : line + 1;
            if (total > cap) {
                throw new TooLargeException(what, cap);
            }
            if (line > lineCap) {
                throw new TooLargeException(what + " (one line)", lineCap);
            }
        }
    }
}
