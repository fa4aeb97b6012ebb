package io.cow.app.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which server-sent events say that an answer stream is complete. */
class StreamFinishTest {

    @Test
    void doneAndAFinishReasonFinishAStreamNothingElseDoes() {
        assertThat(RetryingHttpClient.saysFinished("[DONE]")).isTrue();
        assertThat(RetryingHttpClient.saysFinished(" [DONE]\n")).isTrue();
        assertThat(RetryingHttpClient.saysFinished("{\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}")).isTrue();
        assertThat(RetryingHttpClient.saysFinished("{\"choices\":[{\"finish_reason\" :\n \"content_filter\"}]}")).isTrue();

        assertThat(RetryingHttpClient.saysFinished(null)).isFalse();
        assertThat(RetryingHttpClient.saysFinished("")).isFalse();
        assertThat(RetryingHttpClient.saysFinished("{\"choices\":[{\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]}")).isFalse();
        assertThat(RetryingHttpClient.saysFinished("{\"choices\":[{\"delta\":{\"content\":\"say [DONE]\"}}]}")).isFalse();
        assertThat(RetryingHttpClient.saysFinished("{\"choices\":[{\"delta\":{\"content\":\"\\\"finish_reason\\\": \\\"stop\\\"\"},"
                + "\"finish_reason\":null}]}")).as("the words inside an answer's text").isFalse();
        assertThat(RetryingHttpClient.saysFinished("{\"choices\":[{\"finish_reason\":\"\"}]}")).isFalse();
    }
}
