package io.cow.app.chat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.cow.core.chat.ChatMatch;
import io.cow.core.chat.ChatRule;
import io.cow.core.chat.ChatRules;
import io.cow.core.config.InvalidValue;
import io.cow.core.config.Setting;
import io.cow.core.config.SettingType;
import io.cow.core.conversation.GroupScope;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The {@code chats} setting: rules that give matching chats their own model profile, persona, keyword, memory scope. */
public final class ChatRuleSettings {

    private ChatRuleSettings() {
    }

    private static final List<String> RULE_KEYS = List.of("match", "profile", "systemPrompt", "keyword", "memoryScope");
    private static final List<String> MATCH_KEYS = List.of("type", "name", "regex");

    public static final Setting<List<ChatRules.Rule<ChatRule>>> CHATS = Setting.of("chats", new RulesType(), List.of(),
            "per-chat rules, first match wins: a list of {match: {type: private|group, name, regex}, profile, systemPrompt, keyword, memoryScope}");

    /** The profiles the rules name. */
    public static Set<String> profilesNamed(List<ChatRules.Rule<ChatRule>> rules) {
        Set<String> names = new LinkedHashSet<>();
        rules.forEach(rule -> rule.value().profile().ifPresent(names::add));
        return names;
    }

    private static final class RulesType implements SettingType<List<ChatRules.Rule<ChatRule>>> {

        private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

        @Override
        public List<ChatRules.Rule<ChatRule>> parse(Object raw) {
            Object value = raw;
            if (raw instanceof String text) {
                try {
                    value = text.isBlank() ? List.of() : YAML.readValue(text, Object.class);
                } catch (Exception e) {
                    throw new InvalidValue("is not a list of rules in JSON or YAML");
                }
            }
            if (!(value instanceof Collection<?> items)) {
                throw new InvalidValue("must be a list of rules, each like {match: {type: group, name: Team}, systemPrompt: ...}");
            }
            List<ChatRules.Rule<ChatRule>> rules = new ArrayList<>();
            int index = 0;
            for (Object item : items) {
                rules.add(rule(item, index++));
            }
            return List.copyOf(rules);
        }

        private static ChatRules.Rule<ChatRule> rule(Object item, int index) {
            String where = "chats[" + index + "]";
            Map<String, Object> keys = map(item, where);
            for (String key : keys.keySet()) {
                if (!RULE_KEYS.contains(key)) {
                    throw new InvalidValue(where + ": '" + key + "' is not a key of a rule; use " + String.join(", ", RULE_KEYS));
                }
            }
            ChatMatch match = ChatMatch.ANY;
            if (keys.containsKey("match")) {
                Map<String, Object> m = map(keys.get("match"), where + ".match");
                for (String key : m.keySet()) {
                    if (!MATCH_KEYS.contains(key)) {
                        throw new InvalidValue(where + ".match: '" + key + "' is not a key of a match; use " + String.join(", ", MATCH_KEYS));
                    }
                }
                try {
                    match = ChatMatch.of(text(m.get("type")), text(m.get("name")), text(m.get("regex")));
                } catch (IllegalArgumentException e) {
                    throw new InvalidValue(where + ".match: " + e.getMessage());
                }
            }
            Optional<GroupScope> scope = Optional.empty();
            if (keys.containsKey("memoryScope")) {
                String given = text(keys.get("memoryScope")).toLowerCase(Locale.ROOT);
                if (!given.equals("member") && !given.equals("group")) {
                    throw new InvalidValue(where + ".memoryScope: '" + given + "' is not allowed; use member or group");
                }
                scope = Optional.of(GroupScope.valueOf(given.toUpperCase(Locale.ROOT)));
            }
            ChatRule rule = new ChatRule(present(keys, "profile"), present(keys, "systemPrompt"),
                    keys.containsKey("keyword") ? Optional.of(text(keys.get("keyword"))) : Optional.empty(), scope);
            return new ChatRules.Rule<>(match, rule);
        }

        private static Optional<String> present(Map<String, Object> keys, String key) {
            String value = text(keys.get(key));
            return value.isEmpty() ? Optional.empty() : Optional.of(value);
        }

        private static Map<String, Object> map(Object item, String where) {
            if (!(item instanceof Map<?, ?> map)) {
                throw new InvalidValue(where + " must be keys and values");
            }
            Map<String, Object> keys = new LinkedHashMap<>();
            map.forEach((k, v) -> keys.put(String.valueOf(k), v));
            return keys;
        }

        private static String text(Object value) {
            return value == null ? "" : String.valueOf(value);
        }

        @Override
        public String allowed() {
            return "a list of rules";
        }

        @Override
        public String format(List<ChatRules.Rule<ChatRule>> value) {
            if (value == null || value.isEmpty()) {
                return "(none)";
            }
            List<String> shown = new ArrayList<>();
            for (ChatRules.Rule<ChatRule> rule : value) {
                List<String> sets = new ArrayList<>();
                rule.value().profile().ifPresent(p -> sets.add("profile " + p));
                rule.value().systemPrompt().ifPresent(p -> sets.add("own system prompt"));
                rule.value().keyword().ifPresent(k -> sets.add("keyword '" + k + "'"));
                rule.value().memoryScope().ifPresent(s -> sets.add("memory per " + s.name().toLowerCase(Locale.ROOT)));
                shown.add(rule.match() + ": " + String.join(", ", sets));
            }
            return String.join("; ", shown);
        }
    }
}
