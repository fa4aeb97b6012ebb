package io.cow.testkit.http;

import io.javalin.http.Context;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * What a misbehaving server sends: a body of many megabytes (made as it is sent, so the test's own heap does not hold
 * it), or no answer at all.
 */
public final class HugeBody {

    private HugeBody() {
    }

    /** Answers with {@code prefix} followed by {@code x} up to {@code bytes} in all, without a line break. */
    public static void send(Context ctx, String contentType, String prefix, long bytes) {
        ctx.status(200).contentType(contentType).result(stream(prefix, bytes));
    }

    /** Closes the request's connection without an answer. */
    public static void drop(Context ctx) {
        ServletContextRequest request = ServletContextRequest.getServletContextRequest(ctx.req());
        request.getConnectionMetaData().getConnection().getEndPoint().close();
    }

    static InputStream stream(String prefix, long bytes) {
        byte[] head = prefix.getBytes(StandardCharsets.UTF_8);
        return new InputStream() {
            private long sent;

            @Override
            public int read() {
                if (sent >= bytes) {
                    return -1;
                }
                return sent < head.length ? head[(int) sent++] : filler();
            }

            private int filler() {
                sent++;
                return 'x';
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                if (sent >= bytes) {
                    return -1;
                }
                int n = (int) Math.min(length, bytes - sent);
                for (int i = 0; i < n; i++) {
                    buffer[offset + i] = sent < head.length ? head[(int) sent] : (byte) 'x';
                    sent++;
                }
                return n;
            }
        };
    }
}
