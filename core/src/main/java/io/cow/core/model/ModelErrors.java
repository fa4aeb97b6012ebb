package io.cow.core.model;

import dev.langchain4j.exception.HttpException;
import io.cow.core.net.NetworkException;

import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns whatever a model call threw into a status code and a message a person can act on. */
public final class ModelErrors {

    private static final Pattern ERROR_MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private ModelErrors() {
    }

    /** Waits for an answer that was asked for without holding the thread; its failure as a {@link ModelCallException}. */
    static Answer await(CompletableFuture<Answer> answer) throws ModelCallException {
        try {
            return answer.get();
        } catch (ExecutionException e) {
            throw describe(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelCallException(0, "interrupted", e);
        }
    }

    /** The failure a {@link CompletionException} carries, or the failure itself. */
    static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    public static ModelCallException describe(Throwable failure) {
        if (failure instanceof ModelCallException known) {
            return known;
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpException http) {
                return new ModelCallException(http.statusCode(), apiMessage(http.getMessage()), failure);
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof NetworkException network) {
                return new ModelCallException(0, network.getMessage(), failure);
            }
            if (t instanceof HttpTimeoutException || t instanceof TimeoutException
                    || t instanceof java.net.SocketTimeoutException) {
                return new ModelCallException(0, "no answer in time (" + t.getMessage() + ")", failure);
            }
            if (t instanceof ConnectException) {
                return new ModelCallException(0, "cannot connect to the model API (" + t.getMessage() + ")", failure);
            }
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName()
                : root.getClass().getSimpleName() + ": " + root.getMessage();
        return new ModelCallException(0, message, failure);
    }

    /** The {@code error.message} of an OpenAI-style error body, or the body itself when it has none. */
    static String apiMessage(String body) {
        if (body == null || body.isBlank()) {
            return "(no error message)";
        }
        Matcher m = ERROR_MESSAGE.matcher(body);
        if (m.find()) {
            return unescape(m.group(1));
        }
        String flat = body.strip().replaceAll("\\s+", " ");
        return flat.length() > 300 ? flat.substring(0, 300) + "…" : flat;
    }

    private static String unescape(String json) {
        StringBuilder out = new StringBuilder(json.length());
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c != '\\' || i + 1 >= json.length()) {
                out.append(c);
                continue;
            }
            char next = json.charAt(++i);
            switch (next) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'u' -> {
                    if (i + 4 < json.length()) {
                        out.append((char) Integer.parseInt(json.substring(i + 1, i + 5), 16));
                        i += 4;
                    }
                }
                default -> out.append(next);
            }
        }
        return out.toString();
    }
}
