package io.cow.core.model;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.TokenUsage;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Asks a LangChain4j chat model, streaming when a streaming model is given. */
public final class LangChainAnswerer implements Answerer {

    private final ChatModel model;
    private final StreamingChatModel streamingModel;
    private final Duration overallTimeout;

    /**
     * @param model          the blocking model, used when there is no streaming model
     * @param streamingModel the streaming model, or null
     * @param overallTimeout the longest a whole answer may take, retries included: a guard against a model
     *                       implementation that never calls back
     */
    public LangChainAnswerer(ChatModel model, StreamingChatModel streamingModel, Duration overallTimeout) {
        if (model == null && streamingModel == null) {
            throw new IllegalArgumentException("a model is needed");
        }
        this.model = model;
        this.streamingModel = streamingModel;
        this.overallTimeout = overallTimeout;
    }

    @Override
    public Answer answer(List<ChatMessage> messages, Consumer<String> onPartial) throws ModelCallException {
        ChatRequest request = ChatRequest.builder().messages(messages).build();
        if (streamingModel == null) {
            try {
                return toAnswer(model.chat(request));
            } catch (RuntimeException e) {
                throw ModelErrors.describe(e);
            }
        }
        return stream(request, onPartial);
    }

    private Answer stream(ChatRequest request, Consumer<String> onPartial) throws ModelCallException {
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
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
                    done.complete(response);
                }

                @Override
                public void onError(Throwable error) {
                    done.completeExceptionally(error);
                }
            });
            return toAnswer(done.get(overallTimeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
            throw ModelErrors.describe(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new ModelCallException(0, "no complete answer within " + overallTimeout.toSeconds() + "s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelCallException(0, "interrupted", e);
        } catch (RuntimeException e) {
            throw ModelErrors.describe(e);
        }
    }

    private static Answer toAnswer(ChatResponse response) {
        String text = response.aiMessage() == null ? "" : response.aiMessage().text();
        TokenUsage usage = response.tokenUsage();
        int in = usage == null || usage.inputTokenCount() == null ? -1 : usage.inputTokenCount();
        int out = usage == null || usage.outputTokenCount() == null ? -1 : usage.outputTokenCount();
        return new Answer(text, in, out);
    }
}
