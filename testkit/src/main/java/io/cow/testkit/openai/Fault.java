package io.cow.testkit.openai;

/** A way the fake OpenAI server can misbehave on a request. */
public sealed interface Fault {

    /**
     * An error answer in the API's own format.
     *
     * @param retryAfterSeconds value of the {@code retry-after} header, or null for none
     */
    record Status(int status, String type, String code, String message, Integer retryAfterSeconds) implements Fault {
    }

    /** The request is accepted and never answered, until the server stops. */
    record Hang() implements Fault {
    }

    /** HTTP 200 with a body of this many bytes (one line that never ends), made as it is sent. */
    record Huge(long bytes) implements Fault {
    }

    /** The connection is closed before any byte of an answer. */
    record Drop() implements Fault {
    }

    /** A streamed answer stops after this many content chunks: the connection is cut without [DONE]. */
    record CutStream(int afterChunks) implements Fault {
    }

    /** The stream starts and then sends only SSE comments (keep-alives), never an answer, until the server stops. */
    record KeepAliveOnly() implements Fault {
    }

    static Fault unauthorized() {
        return new Status(401, "invalid_request_error", "invalid_api_key",
                "Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.", null);
    }

    static Fault rateLimited(int retryAfterSeconds) {
        return new Status(429, "requests", "rate_limit_exceeded",
                "Rate limit reached for requests. Please try again in " + retryAfterSeconds + "s.", retryAfterSeconds);
    }

    static Fault serverError() {
        return new Status(500, "server_error", null,
                "The server had an error while processing your request. Sorry about that!", null);
    }

    static Fault overloaded() {
        return new Status(503, "server_error", null, "The engine is currently overloaded, please try again later.", null);
    }

    static Fault huge(long bytes) {
        return new Huge(bytes);
    }

    static Fault drop() {
        return new Drop();
    }

    static Fault hang() {
        return new Hang();
    }

    static Fault keepAliveOnly() {
        return new KeepAliveOnly();
    }

    static Fault cutStreamAfter(int chunks) {
        return new CutStream(chunks);
    }
}
