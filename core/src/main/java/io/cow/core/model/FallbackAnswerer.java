package io.cow.core.model;

import dev.langchain4j.data.message.ChatMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Asks the first profile of a chain and, when it fails (after its own retries; at once on 401, 403 or 404), the
 * next, until one answers; the answer names the profile that gave it. A profile that already streamed part of its
 * answer to the chat is not followed by another: the chat would get two beginnings. The whole chain has one time
 * limit, {@code model.totalTimeout}.
 */
final class FallbackAnswerer implements Answerer {

    private static final Logger log = LoggerFactory.getLogger(FallbackAnswerer.class);

    /** One profile of the chain. */
    record Link(String profile, Answerer answerer) {
    }

    private final List<Link> chain;
    private final Duration totalTimeout;

    FallbackAnswerer(List<Link> chain, Duration totalTimeout) {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a chain needs a profile");
        }
        this.chain = List.copyOf(chain);
        this.totalTimeout = totalTimeout;
    }

    @Override
    public Answer answer(List<ChatMessage> messages, Consumer<String> onPartial) throws ModelCallException {
        return ModelErrors.await(ask(messages, onPartial));
    }

    @Override
    public CompletableFuture<Answer> ask(List<ChatMessage> messages, Consumer<String> onPartial) {
        long deadline = ModelDeadline.during(ModelDeadline.after(totalTimeout), ModelDeadline::current);
        CompletableFuture<Answer> result = new CompletableFuture<>();
        attempt(0, messages, new Partials(onPartial), deadline, result);
        return result;
    }

    private void attempt(int index, List<ChatMessage> messages, Partials partials, long deadline, CompletableFuture<Answer> result) {
        Link link = chain.get(index);
        CompletableFuture<Answer> answer;
        try {
            answer = ModelDeadline.during(deadline, () -> link.answerer().ask(messages, partials));
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete((done, error) -> {
            if (error == null) {
                result.complete(done.from(link.profile()));
                return;
            }
            ModelCallException failure = ModelErrors.describe(ModelErrors.unwrap(error));
            boolean more = index + 1 < chain.size();
            if (!more || partials.passedAny() || ModelDeadline.remainingNanos(deadline) <= 0) {
                if (more) {
                    log.warn("⚠️ Model profile {} failed ({}); not asking {}: {}", link.profile(), failure.getMessage(),
                            chain.get(index + 1).profile(), partials.passedAny() ? "part of its answer was already sent" : "no time left");
                }
                result.completeExceptionally(new ModelCallException(failure.statusCode(),
                        index > 0 || more ? failure.apiMessage() + " (profile " + link.profile() + ")" : failure.apiMessage(), failure));
                return;
            }
            log.warn("⚠️ Model profile {} failed ({}); asking profile {}", link.profile(), failure.getMessage(), chain.get(index + 1).profile());
            attempt(index + 1, messages, partials, deadline, result);
        });
    }

    /** Passes pieces on, noting whether any was. */
    private static final class Partials implements Consumer<String> {
        private final Consumer<String> target;
        private volatile boolean passed;

        Partials(Consumer<String> target) {
            this.target = target;
        }

        @Override
        public void accept(String piece) {
            passed = true;
            target.accept(piece);
        }

        boolean passedAny() {
            return passed;
        }
    }
}
