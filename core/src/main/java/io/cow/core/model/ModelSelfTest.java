package io.cow.core.model;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/** The start-up test request (contract row 10): one question to the model, and its outcome in the log. */
public final class ModelSelfTest {

    private static final Logger log = LoggerFactory.getLogger(ModelSelfTest.class);
    static final String QUESTION = "Say Hello World";

    private ModelSelfTest() {
    }

    /** Runs the test; returns whether the model answered. Never throws. */
    public static boolean run(Answerer answerer, SystemPrompt systemPrompt, String modelName) {
        List<ChatMessage> messages = new ArrayList<>();
        String system = systemPrompt.render();
        if (!system.isBlank()) {
            messages.add(SystemMessage.from(system));
        }
        messages.add(UserMessage.from(QUESTION));
        try {
            Answer answer = answerer.answer(messages, part -> { });
            log.info("✅ Model {} works; it answered the start-up test with: {}", modelName, oneLine(answer.text()));
            return true;
        } catch (ModelCallException e) {
            log.error("❌ Model {} failed the start-up test: {} (the bot keeps running and answers chats with the error message until this is fixed)",
                    modelName, e.getMessage());
            return false;
        }
    }

    private static String oneLine(String text) {
        String flat = text.strip().replaceAll("\\s+", " ");
        return flat.length() > 120 ? flat.substring(0, 120) + "…" : flat;
    }
}
