package io.cow.ilink.outbound;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cow.core.channel.kit.Backoff;
import io.cow.core.channel.kit.Durations;
import io.cow.core.channel.kit.SendFailure;
import io.cow.core.channel.kit.SharedTimer;
import io.cow.ilink.IlinkConfig;
import io.cow.ilink.api.Account;
import io.cow.ilink.api.IlinkApi;
import io.cow.ilink.api.IlinkErrorException;
import io.cow.ilink.api.IlinkHttpException;
import io.cow.ilink.api.Json;
import io.cow.ilink.state.IlinkState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Sends one item to one user with {@code sendmessage} (fact sheet §4): the user's latest {@code context_token}, the
 * item's own {@code client_id} in every attempt, and a retry with doubling backoff when the server refuses with
 * {@code ret=-2}, answers 5xx or the connection fails (at once when the user wrote again meanwhile: the newer token is
 * what the retry needs). Because the {@code client_id} stays the same, a retry after a request that did reach the
 * server (a gateway's 502, a dropped connection, a timeout) is recognised by the server as the same message and
 * shown once. Any other non-zero {@code ret} is a failure.
 */
public final class MessageSender {

    private static final Logger log = LoggerFactory.getLogger(MessageSender.class);
    public static final int RATE_LIMITED = -2;

    private final IlinkApi api;
    private final IlinkState state;
    private final IlinkConfig config;
    private final Executor executor;

    public MessageSender(IlinkApi api, IlinkState state, IlinkConfig config, Executor executor) {
        this.api = api;
        this.state = state;
        this.config = config;
        this.executor = executor;
    }

    /**
     * Sends the item the supplier builds (called once per attempt, on a worker thread).
     *
     * @return completes with the server's message id (maybe empty) once it accepted the message
     */
    public CompletableFuture<String> send(Supplier<Account> account, String toUser, String clientId, Runnable beforeAttempt, Item item) {
        Duration first = config.sendRetryDelay();
        Backoff backoff = new Backoff(first, first.multipliedBy(1L << Math.min(config.sendRetries(), 20)));
        return attempt(account, toUser, new Request("cow:" + clientId, beforeAttempt, new OnceItem(item)), backoff);
    }

    /** What every attempt of one send shares: the client id, the hook before each attempt, the item. */
    private record Request(String clientId, Runnable beforeAttempt, Item item) {
    }

    /** Builds the item at the first attempt only, so a retry does not upload a file again. */
    private static final class OnceItem implements Item {
        private final Item item;
        private ObjectNode built;

        OnceItem(Item item) {
            this.item = item;
        }

        @Override
        public synchronized ObjectNode build(Account account) throws IOException, InterruptedException, IlinkErrorException {
            if (built == null) {
                built = item.build(account);
            }
            return built.deepCopy();
        }
    }

    /** Builds the one item of a message; may do I/O (an upload) before the first attempt. */
    @FunctionalInterface
    public interface Item {
        ObjectNode build(Account account) throws IOException, InterruptedException, IlinkErrorException;
    }

    private CompletableFuture<String> attempt(Supplier<Account> accountSupplier, String toUser, Request request, Backoff backoff) {
        CompletableFuture<String> sent = CompletableFuture.supplyAsync(() -> {
            Account account = accountSupplier.get();
            if (account == null) {
                // Kept in the outbox: the channel sends it again after the next login.
                throw new CompletionException(SendFailure.notSent("not logged in to iLink; the message to " + toUser + " waits for the login"));
            }
            String token = state.contextToken(account.botId(), toUser).orElseThrow(() -> new CompletionException(new CannotSendException(
                    "no context_token for " + toUser + ": iLink only accepts replies to users who wrote to the bot")));
            try {
                ObjectNode message = message(toUser, token, request.clientId(), request.item().build(account));
                request.beforeAttempt().run();
                return api.sendMessage(account, message);
            } catch (IlinkErrorException e) {
                throw new CompletionException(new Refused(e, token));
            } catch (IOException e) {
                throw new CompletionException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException(e);
            }
        }, executor);
        return sent.handle((id, error) -> {
            if (error == null) {
                return CompletableFuture.completedFuture(id);
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            boolean newerToken = false;
            if (cause instanceof Refused refused) {
                cause = refused.getCause();
                newerToken = !refused.token.equals(latestToken(accountSupplier, toUser));
            }
            if (backoff.failures() >= config.sendRetries() || !retryable(cause)) {
                return CompletableFuture.<String>failedFuture(cause);
            }
            Duration delay = backoff.next();
            if (newerToken && isRateLimited(cause)) {
                delay = Duration.ZERO;
                log.debug("iLink did not take a message to {} ({}); retrying at once with the user's newer context_token",
                        toUser, cause.getMessage());
            } else {
                log.warn("⚠️ iLink did not take a message to {} ({}); retrying in {}", toUser, cause.getMessage(), Durations.format(delay));
            }
            CompletableFuture<Void> waited = new CompletableFuture<>();
            SharedTimer.schedule(delay, () -> waited.complete(null));
            return waited.thenCompose(v -> attempt(accountSupplier, toUser, request, backoff));
        }).thenCompose(f -> f);
    }

    private String latestToken(Supplier<Account> accountSupplier, String toUser) {
        Account account = accountSupplier.get();
        return account == null ? "" : state.contextToken(account.botId(), toUser).orElse("");
    }

    /** A refusal, with the context token the refused request carried. */
    private static final class Refused extends RuntimeException {
        private final String token;

        Refused(IlinkErrorException cause, String token) {
            super(cause.getMessage(), cause, false, false);
            this.token = token;
        }
    }

    private static boolean isRateLimited(Throwable error) {
        return error instanceof IlinkErrorException e && e.code() == RATE_LIMITED;
    }

    private static boolean retryable(Throwable error) {
        if (error instanceof IlinkErrorException e) {
            return e.code() == RATE_LIMITED;
        }
        if (error instanceof IlinkHttpException e) {
            return e.retryable();
        }
        // A timeout too: the request may have arrived, and the same client_id makes the retry safe.
        return error instanceof IOException && !(error instanceof CannotSendException);
    }

    private ObjectNode message(String toUser, String contextToken, String clientId, ObjectNode item) {
        ObjectNode msg = Json.MAPPER.createObjectNode();
        msg.put("from_user_id", "");
        msg.put("to_user_id", toUser);
        msg.put("client_id", clientId);
        msg.put("message_type", 2);
        msg.put("message_state", 2);
        msg.put("context_token", contextToken);
        msg.putArray("item_list").add(item);
        return msg;
    }

    /** The one item of a text message. */
    public static ObjectNode textItem(String text) {
        ObjectNode item = Json.MAPPER.createObjectNode();
        item.put("type", 1);
        item.putObject("text_item").put("text", text);
        return item;
    }
}
