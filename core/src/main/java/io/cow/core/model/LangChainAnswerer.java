package io.cow.core.model;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.TokenUsage;
import io.cow.core.channel.kit.DaemonThreads;
import io.cow.core.channel.kit.SharedTimer;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Asks a LangChain4j chat model. A streaming model is asked without holding the caller's thread: LangChain4j's
 * clients hand the stream to the HTTP client, whose own thread parses it and calls back. A blocking model is asked
 * on a thread of {@code blockingCalls}.
 */
public final class LangChainAnswerer implements Answerer {

    private final ChatModel model;
    private final StreamingChatModel streamingModel;
    private final Duration overallTimeout;
    private final Executor blockingCalls;

    /** An answerer that asks a blocking model on a new thread for each call (for tools and tests). */
    public LangChainAnswerer(ChatModel model, StreamingChatModel streamingModel, Duration overallTimeout) {
        this(model, streamingModel, overallTimeout, call -> DaemonThreads.start("model-call", call));
    }

    /**
     * @param model          the blocking model, used when there is no streaming model
     * @param streamingModel the streaming model, or null
     * @param overallTimeout the longest a whole answer may take, retries included: a guard against a model
     *                       implementation that never calls back
     * @param blockingCalls  where a blocking model is asked (one thread per call in flight)
     */
    public LangChainAnswerer(ChatModel model, StreamingChatModel streamingModel, Duration overallTimeout, Executor blockingCalls) {
        if (model == null && streamingModel == null) {
            throw new IllegalArgumentException("a model is needed");
        }
        this.model = model;
        this.streamingModel = streamingModel;
        this.overallTimeout = overallTimeout;
        this.blockingCalls = blockingCalls;
    }

    @Override
    public Answer answer(List<ChatMessage> messages, Consumer<String> onPartial) throws ModelCallException {
        return ModelErrors.await(ask(messages, onPartial));
    }

    @Override
    public CompletableFuture<Answer> ask(List<ChatMessage> messages, Consumer<String> onPartial) {
        ChatRequest request = ChatRequest.builder().messages(messages).build();
        // The HTTP client ends the request at the deadline; without one set, this answerer's own limit is it.
        long deadline = ModelDeadline.current() == ModelDeadline.NONE ? ModelDeadline.after(overallTimeout) : ModelDeadline.current();
        CompletableFuture<Answer> answer = ModelDeadline.during(deadline, () -> streamingModel == null
                ? CompletableFuture.supplyAsync(() -> ModelDeadline.during(deadline, () -> toAnswer(model.chat(request))), blockingCalls)
                : stream(request, onPartial));
        // The client ends the request at the deadline; this only guards against a client that never calls back.
        long remaining = ModelDeadline.remainingNanos(deadline);
        long guard = remaining == Long.MAX_VALUE ? overallTimeout.toNanos()
                : Math.min(overallTimeout.toNanos(), remaining + TimeUnit.SECONDS.toNanos(5));
        // On the process's one timer (not orTimeout's thread of its own): a guard far in the future then costs no wake-up.
        ScheduledFuture<?> timeout = SharedTimer.schedule(Duration.ofNanos(Math.max(1, guard)),
                () -> answer.completeExceptionally(new TimeoutException()));
        answer.whenComplete((done, error) -> timeout.cancel(false));
        return answer.handle((done, error) -> {
            if (error == null) {
                return done;
            }
            Throwable cause = ModelErrors.unwrap(error);
            if (cause instanceof TimeoutException) {
                throw new CompletionException(new ModelCallException(0, "no complete answer within "
                        + TimeUnit.NANOSECONDS.toSeconds(guard) + "s", cause));
            }
            throw new CompletionException(ModelErrors.describe(cause));
        });
    }

    private CompletableFuture<Answer> stream(ChatRequest request, Consumer<String> onPartial) {
        CompletableFuture<Answer> done = new CompletableFuture<>();
        try {
            streamingModel.chat(request, new StreamingChatResponseHandler() {
                @Override
                public void onPartialResponse(String partial) {
                    if (partial != null && !partial.isEmpty() && !done.isDone()) {
                        onPartial.accept(partial);
                    }
                }

                @Override
                public void onCompleteResponse(ChatResponse response) {
                    done.complete(toAnswer(response));
                }

                @Override
                public void onError(Throwable error) {
                    done.completeExceptionally(error);
                }
            });
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    private static Answer toAnswer(ChatResponse response) {
        String text = response.aiMessage() == null ? "" : response.aiMessage().text();
        TokenUsage usage = response.tokenUsage();
        int in = usage == null || usage.inputTokenCount() == null ? -1 : usage.inputTokenCount();
        int out = usage == null || usage.outputTokenCount() == null ? -1 : usage.outputTokenCount();
        return new Answer(text, in, out);
    }
}
