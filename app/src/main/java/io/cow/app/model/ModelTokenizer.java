package io.cow.app.model;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.TokenCountEstimator;
import dev.langchain4j.model.openai.OpenAiTokenCountEstimator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts tokens as the configured model does: jtokkit's tiktoken encodings, through LangChain4j's OpenAI
 * estimator. A model jtokkit does not know (DeepSeek, Qwen, ...) is counted with {@value #FALLBACK_MODEL}'s
 * encoding, a close estimate for budgeting. Loading an encoding takes most of a second, so it happens on
 * first use, or ahead of it with {@link #warmUpInBackground()}.
 */
public final class ModelTokenizer implements TokenCountEstimator {

    private static final Logger log = LoggerFactory.getLogger(ModelTokenizer.class);
    static final String FALLBACK_MODEL = "gpt-4o";

    private final String modelName;
    private volatile TokenCountEstimator estimator;

    public ModelTokenizer(String modelName) {
        this.modelName = modelName;
    }

    /** Loads the encoding on a background thread, so that the first question does not wait for it. */
    public void warmUpInBackground() {
        Thread warmUp = new Thread(this::estimator, "tokenizer-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
    }

    @Override
    public int estimateTokenCountInText(String text) {
        return estimator().estimateTokenCountInText(text);
    }

    @Override
    public int estimateTokenCountInMessage(ChatMessage message) {
        return estimator().estimateTokenCountInMessage(message);
    }

    @Override
    public int estimateTokenCountInMessages(Iterable<ChatMessage> messages) {
        return estimator().estimateTokenCountInMessages(messages);
    }

    private TokenCountEstimator estimator() {
        TokenCountEstimator loaded = estimator;
        if (loaded == null) {
            synchronized (this) {
                loaded = estimator;
                if (loaded == null) {
                    loaded = load();
                    estimator = loaded;
                }
            }
        }
        return loaded;
    }

    private TokenCountEstimator load() {
        try {
            return new OpenAiTokenCountEstimator(modelName);
        } catch (IllegalArgumentException e) {
            log.info("Token counts for model {} use the tokenizer of {} as an estimate ({})", modelName, FALLBACK_MODEL, e.getMessage());
            return new OpenAiTokenCountEstimator(FALLBACK_MODEL);
        }
    }
}
