package io.cow.app.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.cow.core.conversation.HistoryWindow;
import io.cow.core.conversation.MemoryOptions;
import io.cow.core.message.ChatKind;
import io.cow.core.store.ConversationKey;
import io.cow.core.store.SeenChat;
import io.cow.core.store.Turn;
import io.javalin.config.RoutesConfig;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chats the bot has seen, whether and why it answers in each, and a chat's conversations as the memory keeps
 * them: each turn marked when the next question would carry it to the model, with "forget" and "export".
 */
final class ChatsPage {

    private static final Logger log = LoggerFactory.getLogger(ChatsPage.class);
    static final int PAGE = 50;
    /** Turns shown per conversation; older ones are still kept, only not listed. */
    static final int TURNS_SHOWN = 200;

    private final ConsoleSources sources;

    ChatsPage(ConsoleSources sources) {
        this.sources = sources;
    }

    void routes(RoutesConfig routes) {
        routes.get("/api/chats", this::list);
        routes.get("/api/chat", this::chat);
        routes.get("/api/chat/export", this::export);
        routes.post("/api/chat/forget", this::forget);
    }

    private void list(Context ctx) {
        String search = ctx.queryParamAsClass("q", String.class).getOrDefault("").strip();
        int offset = Math.max(0, ctx.queryParamAsClass("offset", Integer.class).getOrDefault(0));
        var store = sources.chats().store();
        List<Map<String, Object>> chats = new ArrayList<>();
        for (SeenChat chat : store.list(search, offset, PAGE)) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("channel", chat.channel());
            row.put("key", chat.chatKey());
            row.put("title", chat.title().isEmpty() ? chat.chatKey() : chat.title());
            row.put("group", chat.kind() == ChatKind.GROUP);
            row.put("lastAt", chat.lastAt().toEpochMilli());
            row.put("lastOutcome", chat.lastOutcome());
            row.put("messages", chat.messages());
            row.put("answers", answersWhen(chat.channel(), chat.kind()));
            chats.add(row);
        }
        Web.json(ctx, Map.of("total", store.count(search), "offset", offset, "pageSize", PAGE, "chats", chats));
    }

    /** When the bot answers in a chat of this kind on this channel instance, in words. */
    private String answersWhen(String channel, ChatKind kind) {
        String keyword = sources.triggers().getOrDefault(channel, "");
        if (kind == ChatKind.GROUP) {
            return keyword.isEmpty() ? "answers messages that start with @bot"
                    : "answers messages that start with @bot " + keyword;
        }
        return keyword.isEmpty() ? "answers every message" : "answers messages that start with " + keyword;
    }

    private void chat(Context ctx) {
        String channel = required(ctx, "channel");
        String key = required(ctx, "key");
        SeenChat chat = sources.chats().store().find(channel, key).orElse(null);
        List<Map<String, Object>> conversations = new ArrayList<>();
        for (ConversationKey conversation : sources.conversations().conversationsOf(channel, key)) {
            conversations.add(conversation(conversation));
        }
        if (chat == null && conversations.isEmpty()) {
            throw new NotFoundResponse("no such chat");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("channel", channel);
        out.put("key", key);
        out.put("title", chat == null || chat.title().isEmpty() ? key : chat.title());
        out.put("group", chat != null && chat.kind() == ChatKind.GROUP);
        out.put("answers", chat == null ? "" : answersWhen(channel, chat.kind()));
        out.put("lastOutcome", chat == null ? "" : chat.lastOutcome());
        out.put("memory", Map.of("enabled", sources.memory().enabled(), "historyTokens", sources.memory().historyTokens(),
                "expireAfterSeconds", sources.memory().expireAfter().toSeconds()));
        out.put("conversations", conversations);
        Web.json(ctx, out);
    }

    /** One conversation, newest turn first, each marked whether the next question carries it. */
    private Map<String, Object> conversation(ConversationKey key) {
        List<Turn> newestFirst = sources.conversations().newestTurns(key, Long.MAX_VALUE, TURNS_SHOWN);
        MemoryOptions memory = sources.memory();
        boolean expired = !newestFirst.isEmpty()
                && !newestFirst.get(0).at().isAfter(sources.clock().instant().minus(memory.expireAfter()));
        HistoryWindow window = new HistoryWindow(sources.tokenizer(), memory.historyTokens());
        int carried = 0;
        if (memory.enabled() && !expired) {
            for (Turn turn : newestFirst) {
                if (!window.offer(turn)) {
                    break;
                }
                carried++;
            }
        }
        boolean cut = carried == 0 && window.isFull() && window.oldestId() != Long.MAX_VALUE;
        List<Map<String, Object>> turns = new ArrayList<>();
        for (int i = 0; i < newestFirst.size(); i++) {
            Turn turn = newestFirst.get(i);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", turn.id());
            row.put("at", turn.at().toEpochMilli());
            row.put("question", turn.question());
            row.put("answer", turn.answer());
            row.put("carried", i < carried || cut && i == 0);
            turns.add(row);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("member", key.memberKey());
        out.put("expired", expired);
        out.put("carriedTokens", memory.enabled() && !expired ? window.tokens() : 0);
        out.put("turns", turns);
        return out;
    }

    private void forget(Context ctx) {
        JsonNode body = Web.body(ctx);
        ConversationKey key = new ConversationKey(Web.field(body, "channel"), Web.field(body, "key"), Web.field(body, "member"));
        if (key.channel().isEmpty() || key.chatKey().isEmpty()) {
            throw new BadRequestResponse("channel and key are required");
        }
        sources.conversations().clear(key);
        log.info("🧹 Console: forgot the conversation {}{} in {}", key.chatKey(),
                key.memberKey().isEmpty() ? "" : " (" + key.memberKey() + ")", key.channel());
        Web.json(ctx, Map.of("forgotten", true));
    }

    private void export(Context ctx) {
        String channel = required(ctx, "channel");
        String key = required(ctx, "key");
        String format = ctx.queryParamAsClass("format", String.class).getOrDefault("json");
        String title = sources.chats().store().find(channel, key).map(SeenChat::title).filter(t -> !t.isEmpty()).orElse(key);
        List<ConversationKey> keys = sources.conversations().conversationsOf(channel, key);
        String fileName = "chat-" + safe(title);
        if (format.equals("md")) {
            StringBuilder md = new StringBuilder("# ").append(title).append("\n\n");
            for (ConversationKey conversation : keys) {
                if (!conversation.memberKey().isEmpty()) {
                    md.append("## ").append(conversation.memberKey()).append("\n\n");
                }
                for (Turn turn : oldestFirst(conversation)) {
                    md.append("**Q** (").append(turn.at()).append("): ").append(turn.question()).append("\n\n")
                            .append("**A**: ").append(turn.answer()).append("\n\n");
                }
            }
            attachment(ctx, fileName + ".md", "text/markdown; charset=utf-8", md.toString());
            return;
        }
        List<Map<String, Object>> conversations = new ArrayList<>();
        for (ConversationKey conversation : keys) {
            List<Map<String, Object>> turns = new ArrayList<>();
            for (Turn turn : oldestFirst(conversation)) {
                turns.add(Map.of("at", turn.at().toString(), "question", turn.question(), "answer", turn.answer()));
            }
            conversations.add(Map.of("member", conversation.memberKey(), "turns", turns));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("channel", channel);
        out.put("chat", key);
        out.put("title", title);
        out.put("exportedAt", Instant.now(sources.clock()).toString());
        out.put("conversations", conversations);
        try {
            attachment(ctx, fileName + ".json", "application/json; charset=utf-8",
                    Web.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(out));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Turn> oldestFirst(ConversationKey key) {
        List<Turn> all = new ArrayList<>();
        long before = Long.MAX_VALUE;
        while (true) {
            List<Turn> page = sources.conversations().newestTurns(key, before, 500);
            all.addAll(page);
            if (page.size() < 500) {
                break;
            }
            before = page.get(page.size() - 1).id();
        }
        java.util.Collections.reverse(all);
        return all;
    }

    private static void attachment(Context ctx, String name, String type, String body) {
        ctx.contentType(type);
        ctx.header("Content-Disposition", "attachment; filename=\"" + name + "\"");
        ctx.result(body.getBytes(StandardCharsets.UTF_8));
    }

    private static String safe(String name) {
        String ascii = name.replaceAll("[^A-Za-z0-9._-]+", "_");
        return ascii.replaceAll("^_+|_+$", "").isEmpty() ? "export" : ascii;
    }

    private static String required(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.isEmpty()) {
            throw new BadRequestResponse(name + " is required");
        }
        return value;
    }
}
