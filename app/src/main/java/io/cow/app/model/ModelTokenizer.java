package io.cow.app.model;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.TokenCountEstimator;
import dev.langchain4j.model.openai.OpenAiTokenCountEstimator;
import io.cow.core.channel.kit.DaemonThreads;
import io.cow.core.conversation.TokenCeiling;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Counts tokens as the configured model does, with jtokkit's tiktoken encodings and the counting rules of
 * LangChain4j's {@link OpenAiTokenCountEstimator} (the same numbers; a test compares them). A model jtokkit does not
 * know (DeepSeek, Qwen, ...) is counted as {@value #FALLBACK_MODEL}, a close estimate for budgeting.
 *
 * <p>Only the model's own encoding is loaded, and only when a count is really needed: LangChain4j's estimator loads
 * every encoding jtokkit has (about 70 MB of heap and a second), one encoding takes 15 to 30 MB and a third of that
 * time. Most counts are not needed at all: the encodings are byte-level BPE, where every token stands for at least
 * one byte of the UTF-8 text, so {@link #atMost} bounds a message's count by its length in bytes, and a conversation
 * whose bound fits the budget is not counted. When a conversation's bound nears its budget, the encoding is loaded
 * in the background, ahead of the first count. Messages with more than text (tool calls, images; the bot sends
 * none) are counted by LangChain4j's estimator itself.
 */
public final class ModelTokenizer implements TokenCountEstimator, TokenCeiling {

    private static final Logger log = LoggerFactory.getLogger(ModelTokenizer.class);
    static final String FALLBACK_MODEL = "gpt-4o";
    /** What LangChain4j's OpenAI estimator adds to the text of each message (its role and separators). */
    static final int PER_MESSAGE = 4;
    /** What it adds for a user message's name, besides the name's own tokens. */
    static final int PER_NAME = 1;
    /** What it adds to a request's messages (the priming of the reply). */
    static final int PER_REQUEST = 3;

    private final String modelName;
    private final AtomicBoolean loadingAhead = new AtomicBoolean();
    private volatile Counting counting;
    private volatile OpenAiTokenCountEstimator langChain4j;

    public ModelTokenizer(String modelName) {
        this.modelName = modelName;
    }

    /** The encoding, and the model name whose rules apply (the fallback's for a model jtokkit does not know). */
    private record Counting(Encoding encoding, String rulesOf) {
    }

    /**
     * Longer texts are counted piece by piece: BPE's cost grows faster than the length of one long run without spaces
     * (a megabyte of one "word" filled the 128 MiB heap), so pieces of bounded size keep the count linear in time and
     * bounded in memory. A cut costs at most a token or two of accuracy per piece, which a token budget does not feel.
     */
    static final int PIECE = 8_192;

    @Override
    public int estimateTokenCountInText(String text) {
        Encoding encoding = counting().encoding();
        if (text.length() <= PIECE) {
            return encoding.countTokensOrdinary(text);
        }
        int tokens = 0;
        for (int from = 0; from < text.length(); ) {
            int to = Math.min(text.length(), from + PIECE);
            if (to < text.length()) {
                int space = lastWhitespace(text, from + PIECE / 2, to);
                to = space > 0 ? space : Character.isHighSurrogate(text.charAt(to - 1)) ? to - 1 : to;
            }
            tokens += encoding.countTokensOrdinary(text.substring(from, to));
            from = to;
        }
        return tokens;
    }

    /**
     * The index of the last whitespace in [from, to), or 0: a cut just before it splits no word, and the next piece
     * starts with the space, as the word after it does in the whole text's tokens.
     */
    private static int lastWhitespace(String text, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return 0;
    }

    @Override
    public int estimateTokenCountInMessage(ChatMessage message) {
        if (message instanceof UserMessage user && user.hasSingleText()) {
            return PER_MESSAGE + estimateTokenCountInText(user.singleText())
                    + (user.name() == null ? 0 : PER_NAME + estimateTokenCountInText(user.name()));
        }
        if (message instanceof AiMessage ai && !ai.hasToolExecutionRequests()) {
            return PER_MESSAGE + (ai.text() == null ? 0 : estimateTokenCountInText(ai.text()));
        }
        if (message instanceof SystemMessage system) {
            return PER_MESSAGE + estimateTokenCountInText(system.text());
        }
        return langChain4j().estimateTokenCountInMessage(message);
    }

    @Override
    public int estimateTokenCountInMessages(Iterable<ChatMessage> messages) {
        int tokens = PER_REQUEST;
        for (ChatMessage message : messages) {
            tokens += estimateTokenCountInMessage(message);
        }
        // As LangChain4j counts for OpenAI's o-series reasoning models.
        return counting().rulesOf().startsWith("o") ? tokens - 1 : tokens;
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
        if (counting == null && loadingAhead.compareAndSet(false, true)) {
            DaemonThreads.start("tokenizer-load", this::counting);
        }
    }

    /** Whether the encoding has been loaded (for tests: short conversations must not load it). */
    public boolean isLoaded() {
        return counting != null;
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

    private Counting counting() {
        Counting loaded = counting;
        if (loaded == null) {
            synchronized (this) {
                loaded = counting;
                if (loaded == null) {
                    loaded = load();
                    counting = loaded;
                }
            }
        }
        return loaded;
    }

    /** The encoding LangChain4j's estimator picks for the model: its own rule for OpenAI's newer models, else jtokkit's. */
    private Counting load() {
        long started = System.nanoTime();
        EncodingRegistry registry = Encodings.newLazyEncodingRegistry();
        Counting loaded;
        if (usesO200k(modelName)) {
            loaded = new Counting(registry.getEncoding(EncodingType.O200K_BASE), modelName);
        } else {
            Optional<Encoding> known = registry.getEncodingForModel(modelName);
            if (known.isPresent()) {
                loaded = new Counting(known.get(), modelName);
            } else {
                log.info("Token counts for model {} use the tokenizer of {} as an estimate (jtokkit does not know the model)",
                        modelName, FALLBACK_MODEL);
                loaded = new Counting(registry.getEncoding(EncodingType.O200K_BASE), FALLBACK_MODEL);
            }
        }
        log.debug("Loaded the tokenizer {} for {} in {} ms", loaded.encoding().getName(), modelName, (System.nanoTime() - started) / 1_000_000);
        return loaded;
    }

    private static boolean usesO200k(String model) {
        return model.startsWith("o") || model.startsWith("gpt-4.") || model.startsWith("gpt-5");
    }

    private OpenAiTokenCountEstimator langChain4j() {
        OpenAiTokenCountEstimator estimator = langChain4j;
        if (estimator == null) {
            estimator = new OpenAiTokenCountEstimator(counting().rulesOf());
            langChain4j = estimator;
        }
        return estimator;
    }
}
