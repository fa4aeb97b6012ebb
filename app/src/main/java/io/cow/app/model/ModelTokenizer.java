package io.cow.app.model;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.TokenCountEstimator;
import dev.langchain4j.model.openai.OpenAiTokenCountEstimator;
import io.cow.core.conversation.TokenCeiling;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Counts tokens as the configured model does: jtokkit's tiktoken encodings, through LangChain4j's OpenAI
 * estimator. A model jtokkit does not know (DeepSeek, Qwen, ...) is counted with {@value #FALLBACK_MODEL}'s
 * encoding, a close estimate for budgeting.
 *
 * <p>Loading an encoding takes a good part of a second and tens of MB of heap, so it happens only when a count is
 * really needed. Most are not: the encodings are byte-level BPE, where every token stands for at least one byte of
 * the UTF-8 text, so {@link #atMost} bounds a message's count by its length in bytes, and a conversation whose
 * bound fits the budget needs no counting at all. When a conversation's bound nears its budget, the encoding is
 * loaded in the background, ahead of the first count.
 */
public final class ModelTokenizer implements TokenCountEstimator, TokenCeiling {

    private static final Logger log = LoggerFactory.getLogger(ModelTokenizer.class);
    static final String FALLBACK_MODEL = "gpt-4o";
    /** What LangChain4j's OpenAI estimator adds to the text of each message (its role and separators). */
    static final int PER_MESSAGE = 4;
    /** What it adds for a user message's name, besides the name's own tokens. */
    static final int PER_NAME = 1;

    private final String modelName;
    private final AtomicBoolean loadingAhead = new AtomicBoolean();
    private volatile TokenCountEstimator estimator;

    public ModelTokenizer(String modelName) {
        this.modelName = modelName;
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

    /**
     * At least {@link #estimateTokenCountInMessage}'s count, without loading the encoding: the message's overhead
     * plus its text's length in UTF-8 bytes. {@link Integer#MAX_VALUE} for messages with more than text.
     */
    @Override
    public int atMost(ChatMessage message) {
        long bound;
        if (message instanceof UserMessage user && user.hasSingleText()) {
            bound = PER_MESSAGE + utf8Length(user.singleText()) + (user.name() == null ? 0 : PER_NAME + utf8Length(user.name()));
        } else if (message instanceof AiMessage ai && !ai.hasToolExecutionRequests()) {
            bound = PER_MESSAGE + (ai.text() == null ? 0 : utf8Length(ai.text()));
        } else if (message instanceof SystemMessage system) {
            bound = PER_MESSAGE + utf8Length(system.text());
        } else {
            return Integer.MAX_VALUE;
        }
        return (int) Math.min(Integer.MAX_VALUE, bound);
    }

    /** A conversation is nearing its budget: the encoding is loaded on a thread of its own, once. */
    @Override
    public void countsComingSoon() {
        if (estimator == null && loadingAhead.compareAndSet(false, true)) {
            Thread load = new Thread(this::estimator, "tokenizer-load");
            load.setDaemon(true);
            load.start();
        }
    }

    /** Whether the encoding has been loaded (for tests: short conversations must not load it). */
    public boolean isLoaded() {
        return estimator != null;
    }

    /** Bytes of the text in UTF-8, counting an unpaired surrogate as two (more than the one byte it becomes). */
    static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
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
        long started = System.nanoTime();
        TokenCountEstimator loaded;
        try {
            loaded = new OpenAiTokenCountEstimator(modelName);
        } catch (IllegalArgumentException e) {
            log.info("Token counts for model {} use the tokenizer of {} as an estimate ({})", modelName, FALLBACK_MODEL, e.getMessage());
            loaded = new OpenAiTokenCountEstimator(FALLBACK_MODEL);
        }
        log.debug("Loaded the tokenizer of {} in {} ms", modelName, (System.nanoTime() - started) / 1_000_000);
        return loaded;
    }
}
