package io.cow.core.model;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LangChainAnswererTest {

    @Test
    void aModelThatNeverCallsBackFailsTheAnswerAfterTheOverallTimeout() {
        StreamingChatModel silent = new StreamingChatModel() {
            @Override
            public void chat(ChatRequest request, StreamingChatResponseHandler handler) {
                // never answers, never fails
            }
        };
        LangChainAnswerer answerer = new LangChainAnswerer(null, silent, Duration.ofMillis(300));

        long started = System.nanoTime();
        assertThatThrownBy(() -> answerer.ask(List.of(UserMessage.from("hello?")), piece -> { }).get(20, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(ModelCallException.class)
                .hasMessageContaining("no complete answer within");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }
}
