package io.cow.core.plugin;

import io.cow.core.config.Setting;
import io.cow.core.config.SettingTypes;
import io.cow.core.config.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Built-in plugin after the original's example task: any message containing a configured keyword gets a
 * fixed reply, without the model, whether or not it triggers the bot.
 */
public final class KeywordReplyPlugin implements Plugin {

    private static final Logger log = LoggerFactory.getLogger(KeywordReplyPlugin.class);

    public static final Setting<List<Map<String, String>>> KEYWORD_REPLIES = Setting.of("plugins.keywordReplies",
            SettingTypes.mapList(List.of("keyword", "reply")), List.of(),
            "fixed replies: a message containing 'keyword' is answered with 'reply', without the model");

    private List<Map<String, String>> rules = List.of();

    @Override
    public String name() {
        return "keyword-reply";
    }

    @Override
    public int order() {
        return 50;
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(KEYWORD_REPLIES);
    }

    @Override
    public void init(Settings settings) {
        rules = settings.get(KEYWORD_REPLIES);
    }

    @Override
    public Optional<String> handle(PluginRequest request) {
        String text = request.message().text();
        for (Map<String, String> rule : rules) {
            if (text.contains(rule.get("keyword"))) {
                log.info("🎯 Customized task triggered: reply to every message containing \"{}\"", rule.get("keyword"));
                return Optional.of(rule.get("reply"));
            }
        }
        return Optional.empty();
    }
}
