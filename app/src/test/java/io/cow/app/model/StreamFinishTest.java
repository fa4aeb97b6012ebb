package io.cow.app.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which server-sent events say that an answer stream is complete. */
class StreamFinishTest {

    @Test
    void doneAndAFinishReasonFinishAStreamNothingElseDoes() {
        assertThat(StreamEnd.saysOpenAiFinished("[DONE]")).isTrue();
        assertThat(StreamEnd.saysOpenAiFinished(" [DONE]\n")).isTrue();
        assertThat(StreamEnd.saysOpenAiFinished("{\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}")).isTrue();
        assertThat(StreamEnd.saysOpenAiFinished("{\"choices\":[{\"finish_reason\" :\n \"content_filter\"}]}")).isTrue();

        assertThat(StreamEnd.saysOpenAiFinished(null)).isFalse();
        assertThat(StreamEnd.saysOpenAiFinished("")).isFalse();
        assertThat(StreamEnd.saysOpenAiFinished("{\"choices\":[{\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]}")).isFalse();
        assertThat(StreamEnd.saysOpenAiFinished("{\"choices\":[{\"delta\":{\"content\":\"say [DONE]\"}}]}")).isFalse();
        assertThat(StreamEnd.saysOpenAiFinished("{\"choices\":[{\"delta\":{\"content\":\"\\\"finish_reason\\\": \\\"stop\\\"\"},"
                + "\"finish_reason\":null}]}")).as("the words inside an answer's text").isFalse();
        assertThat(StreamEnd.saysOpenAiFinished("{\"choices\":[{\"finish_reason\":\"\"}]}")).isFalse();
    }
}
