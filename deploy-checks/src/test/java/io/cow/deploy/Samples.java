package io.cow.deploy;

import java.util.LinkedHashMap;
import java.util.Map;

/** Parameter sets for the template, chosen to break naive quoting. */
final class Samples {

    private Samples() {
    }

    /** Every software parameter set, with quotes, dollars, backticks and a colon in them. */
    static Map<String, String> tricky(String channel) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("OpenAIApiKey", "sk-Test'$(id)`x`\"\\${HOME}");
        values.put("OpenAIOrganizationID", "org-Abc123");
        values.put("ChatgptTriggerKeyword", "Hi bot's \"$HOME\" ${PATH} `id`:");
        values.put("ModelName", "deepseek-chat");
        values.put("ModelBaseUrl", "https://api.deepseek.com/v1");
        values.put("Channel", channel);
        values.put("ConsolePassword", "c0nsole'$(id)`x`\"${HOME}");
        return values;
    }

    /** Only the required parameter; the rest take the template's defaults. */
    static Map<String, String> minimal(String channel) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("OpenAIApiKey", "sk-minimal");
        values.put("Channel", channel);
        return values;
    }
}
