package io.cow.core.config;

import io.cow.core.access.AccessRules;

import java.time.Duration;
import java.util.List;

import static io.cow.core.config.SettingTypes.bool;
import static io.cow.core.config.SettingTypes.decimal;
import static io.cow.core.config.SettingTypes.duration;
import static io.cow.core.config.SettingTypes.httpUrl;
import static io.cow.core.config.SettingTypes.integer;
import static io.cow.core.config.SettingTypes.string;

/**
 * The settings of the bot itself. The first three keep the names of the original TypeScript bot, so that
 * its config.yaml and environment variables work unchanged.
 */
public final class CoreSettings {

    private CoreSettings() {
    }

    public static final String DEFAULT_ERROR_MESSAGE = "🤖️：ChatGPT摆烂了，请稍后再试～";

    public static final String DEFAULT_SYSTEM_PROMPT = "You are a helpful assistant chatting in WeChat. "
            + "Answer in the user's language, as concisely as possible.\nCurrent date: {date}";

    public static final Setting<String> OPENAI_API_KEY = Setting.of("openaiApiKey", string(), "",
            "API key of the model provider (required; any non-empty text for servers that need none)")
            .withEnv("OPENAI_API_KEY").asSecret();

    public static final Setting<String> OPENAI_ORGANIZATION_ID = Setting.of("openaiOrganizationID", string(), "",
            "OpenAI organization id, sent as the OpenAI-Organization header (optional)")
            .withEnv("OPENAI_ORGANIZATION_KEY");

    public static final Setting<String> TRIGGER_KEYWORD = Setting.of("chatgptTriggerKeyword", string(), "",
            "private chats: answer messages starting with it; groups: messages starting with @<bot> <keyword>; empty: every private message and every @<bot>")
            .withEnv("CHATGPT_TRIGGER_KEYWORD");

    public static final Setting<String> DATA_DIR = Setting.of("dataDir", SettingTypes.nonEmptyString(), "./data",
            "folder for everything the bot keeps: login state, database, qr.png");

    public static final Setting<String> MODEL_NAME = Setting.of("model.name", SettingTypes.nonEmptyString(), "gpt-4o",
            "model to ask").withEnv("OPENAI_MODEL");

    public static final Setting<String> MODEL_BASE_URL = Setting.of("model.baseUrl", httpUrl(), "https://api.openai.com/v1",
            "base URL of any OpenAI-compatible API (DeepSeek, Qwen, Moonshot, Ollama, vLLM, ...)")
            .withEnv("OPENAI_BASE_URL");

    public static final Setting<Double> MODEL_TEMPERATURE = Setting.of("model.temperature", decimal(0, 2), 0.8,
            "sampling temperature");

    public static final Setting<Integer> MODEL_MAX_TOKENS = Setting.of("model.maxTokens", integer(0, 1_000_000), 0,
            "most tokens an answer may have; 0 leaves it to the provider");

    public static final Setting<Duration> MODEL_TIMEOUT = Setting.of("model.timeout",
            duration(Duration.ofMillis(100), Duration.ofMinutes(30)), Duration.ofSeconds(60),
            "how long one model request may take (for a stream: the longest silence)");

    public static final Setting<Integer> MODEL_MAX_RETRIES = Setting.of("model.maxRetries", integer(0, 10), 3,
            "retries on 429, 5xx and connection failures, with exponential backoff honouring Retry-After");

    public static final Setting<Duration> MODEL_RETRY_DELAY = Setting.of("model.retryDelay",
            duration(Duration.ofMillis(1), Duration.ofMinutes(5)), Duration.ofSeconds(1),
            "first backoff delay; doubled at each retry");

    public static final Setting<Duration> MODEL_RETRY_MAX_DELAY = Setting.of("model.retryMaxDelay",
            duration(Duration.ofMillis(1), Duration.ofMinutes(10)), Duration.ofSeconds(30),
            "longest wait between retries, also caps Retry-After");

    public static final Setting<Boolean> MODEL_STREAMING = Setting.of("model.streaming", bool(), true,
            "stream answers and send each part as soon as it is complete");

    public static final Setting<Integer> MODEL_CONCURRENCY = Setting.of("model.concurrency", integer(1, 1024), 128,
            "most model requests in flight per profile; the limit adapts below it, shrinking on 429/overload and growing back as the provider answers");

    public static final Setting<Boolean> MODEL_SELF_TEST = Setting.of("model.selfTest", bool(), true,
            "send one test request to the model at start and log the outcome");

    public static final Setting<String> SYSTEM_PROMPT = Setting.of("systemPrompt", string(), DEFAULT_SYSTEM_PROMPT,
            "system prompt; {date} is replaced by the current date");

    public static final Setting<String> ERROR_MESSAGE = Setting.of("errorMessage", string(), DEFAULT_ERROR_MESSAGE,
            "what the chat gets when the model call fails");

    public static final Setting<Integer> REPLY_CHUNK_SIZE = Setting.of("reply.chunkSize", integer(20, 100_000), 500,
            "longest message the bot sends; longer answers are split (channels may set their own)");

    public static final Setting<Integer> REPLY_MAX_PARTS = Setting.of("reply.maxParts", integer(1, 1_000), 10,
            "most messages one answer may use; a longer answer is cut and ends with reply.truncatedNote (channels may set fewer)");

    public static final Setting<Boolean> REPLY_QUOTE_IN_GROUPS = Setting.of("reply.quoteInGroups", bool(), true,
            "group answers start with the question: <question>\\n----------\\n<answer>");

    public static final Setting<String> REPLY_TRUNCATED_NOTE = Setting.of("reply.truncatedNote", string(),
            "…（回答过长，已截断 / answer too long, cut here）",
            "appended when an answer needs more messages than the channel allows");

    public static final Setting<String> REPLY_MARKDOWN = Setting.of("reply.markdown", SettingTypes.oneOf(List.of("plain", "keep")), "plain",
            "plain = the model's Markdown becomes text WeChat shows well (no **, ### or table pipes); keep = sent as written");

    public static final Setting<Boolean> SELF_CHAT = Setting.of("selfChat", bool(), false,
            "also answer messages the bot's own account writes (e.g. in File Transfer), for testing");

    public static final Setting<Integer> MAX_PENDING = Setting.of("maxPendingMessages", integer(1, 10_000_000), 10_000,
            "messages waiting for an answer before the channel is slowed down");

    public static final Setting<List<String>> PLUGINS_DISABLED = Setting.of("plugins.disabled", SettingTypes.stringList(),
            List.of(), "names of plugins not to run");

    public static final Setting<Boolean> MEMORY_ENABLED = Setting.of("memory.enabled", bool(), true,
            "remember each conversation and send its earlier turns with every question; false: every question alone, as the original bot");

    public static final Setting<String> MEMORY_GROUP_SCOPE = Setting.of("memory.groupScope",
            SettingTypes.oneOf(List.of("member", "group")), "member",
            "in groups: member = one conversation per member, group = one conversation shared by the whole group");

    public static final Setting<Integer> MEMORY_HISTORY_TOKENS = Setting.of("memory.historyTokens", integer(1, 1_000_000), 3_000,
            "most tokens of earlier turns sent with a question (counted with the model's tokenizer); the oldest turns are dropped to fit");

    public static final Setting<Duration> MEMORY_EXPIRE_AFTER = Setting.of("memory.expireAfter",
            duration(Duration.ofSeconds(1), Duration.ofDays(3650)), Duration.ofHours(1),
            "a conversation silent this long is forgotten");

    public static final Setting<List<String>> ACCESS_ALLOW = Setting.of("access.allow", AccessRules.patternList(), List.of(),
            "answer only these chats: names (remark, nickname or group topic), * or /regular expressions/, each optionally after group: or private:; empty: every chat");

    public static final Setting<List<String>> ACCESS_DENY = Setting.of("access.deny", AccessRules.patternList(), List.of(),
            "never answer these chats (same patterns as access.allow; deny wins)");

    public static final Setting<Boolean> MEMORY_SUMMARIZE = Setting.of("memory.summarize", bool(), false,
            "when old turns no longer fit memory.historyTokens, the model writes a short summary of them that is kept with the conversation");

    public static final Setting<String> MEMORY_SUMMARY_PROFILE = Setting.of("memory.summaryProfile", string(), "",
            "the model profile that writes summaries (a cheap one will do); empty: the chat's own profile");

    public static final Setting<String> COMMAND_PREFIX = Setting.of("commands.prefix", SettingTypes.nonEmptyString(), "#",
            "starts the commands answered without the model: <prefix>reset, <prefix>清除记忆, <prefix>help");

    public static final Setting<Duration> STORE_SEEN_MESSAGES_MAX_AGE = Setting.of("store.seenMessagesMaxAge",
            duration(Duration.ofMinutes(1), Duration.ofDays(3650)), Duration.ofDays(1),
            "how long the ids of messages taken in are kept, so that a message delivered again is not answered twice");

    public static final Setting<Duration> INBOX_MAX_AGE = Setting.of("inbox.maxAge",
            duration(Duration.ofSeconds(1), Duration.ofDays(7)), Duration.ofMinutes(10),
            "after a restart, messages taken in this recently and not answered yet are answered; older ones are dropped");

    public static final Setting<Duration> OUTBOX_MAX_AGE = Setting.of("outbox.maxAge",
            duration(Duration.ofSeconds(1), Duration.ofDays(7)), Duration.ofMinutes(10),
            "after a restart, reply parts queued this recently and not sent yet are sent; older ones are dropped");

    public static final Setting<Duration> SHUTDOWN_GRACE = Setting.of("shutdown.grace",
            duration(Duration.ZERO, Duration.ofMinutes(10)), Duration.ofSeconds(20),
            "on stop (SIGTERM), how long answers in progress and queued replies may take; the rest waits for the next start");

    public static final Setting<Integer> INPUT_MAX_CHARS = Setting.of("input.maxChars", integer(100, 1_000_000), 20_000,
            "longer incoming texts are cut to this many characters (and the model is told so)");

    public static final Setting<Duration> HEALTH_STORE_FAILURE = Setting.of("health.storeFailure",
            duration(Duration.ofSeconds(1), Duration.ofHours(24)), Duration.ofMinutes(1),
            "the health check reports unhealthy when the database has failed this long");

    public static final Setting<Duration> HEALTH_QR_SCAN_WAIT = Setting.of("health.qrScanWait",
            duration(Duration.ofSeconds(1), Duration.ofDays(7)), Duration.ofMinutes(10),
            "the health check reports unhealthy when a login has waited this long for its QR code to be scanned");

    public static final Setting<Duration> HEALTH_NO_ANSWER = Setting.of("health.noAnswer",
            duration(Duration.ofSeconds(1), Duration.ofDays(7)), Duration.ofMinutes(5),
            "the health check reports unhealthy when questions came for this long and none was answered");

    /** Every setting above, in the order check-config prints them. */
    public static List<Setting<?>> all() {
        return List.of(OPENAI_API_KEY, OPENAI_ORGANIZATION_ID, TRIGGER_KEYWORD, DATA_DIR,
                MODEL_NAME, MODEL_BASE_URL, MODEL_TEMPERATURE, MODEL_MAX_TOKENS, MODEL_TIMEOUT, MODEL_MAX_RETRIES,
                MODEL_RETRY_DELAY, MODEL_RETRY_MAX_DELAY, MODEL_STREAMING, MODEL_CONCURRENCY, MODEL_SELF_TEST,
                SYSTEM_PROMPT, ERROR_MESSAGE, REPLY_CHUNK_SIZE, REPLY_MAX_PARTS, REPLY_QUOTE_IN_GROUPS, REPLY_TRUNCATED_NOTE,
                REPLY_MARKDOWN, SELF_CHAT, MAX_PENDING, PLUGINS_DISABLED,
                MEMORY_ENABLED, MEMORY_GROUP_SCOPE, MEMORY_HISTORY_TOKENS, MEMORY_EXPIRE_AFTER, MEMORY_SUMMARIZE, MEMORY_SUMMARY_PROFILE,
                ACCESS_ALLOW, ACCESS_DENY, COMMAND_PREFIX, STORE_SEEN_MESSAGES_MAX_AGE, INBOX_MAX_AGE, OUTBOX_MAX_AGE,
                SHUTDOWN_GRACE, INPUT_MAX_CHARS, HEALTH_STORE_FAILURE, HEALTH_QR_SCAN_WAIT, HEALTH_NO_ANSWER);
    }
}
