package io.cow.web.protocol;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A sync key list ({@code SyncKey} or {@code SyncCheckKey}): where the session's message stream stands.
 *
 * @param entries the key/value pairs, in the server's order
 */
public record SyncKey(List<Entry> entries) {

    /** One pair of the list. */
    public record Entry(long key, long val) {
    }

    public SyncKey {
        entries = List.copyOf(entries);
    }

    /** Reads {@code {"Count":n,"List":[{"Key":1,"Val":…}…]}}; empty when missing or when Count is 0. */
    public static Optional<SyncKey> fromJson(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull() || node.path("Count").asInt(0) == 0) {
            return Optional.empty();
        }
        List<Entry> entries = new ArrayList<>();
        for (JsonNode item : node.path("List")) {
            entries.add(new Entry(item.path("Key").asLong(), item.path("Val").asLong()));
        }
        return entries.isEmpty() ? Optional.empty() : Optional.of(new SyncKey(entries));
    }

    /** The JSON form webwxsync expects. */
    public Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Count", entries.size());
        out.put("List", entries.stream().map(e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Key", e.key());
            m.put("Val", e.val());
            return m;
        }).toList());
        return out;
    }

    /** The form synccheck's {@code synckey} parameter takes: {@code 1_636444437|2_636445051|…}. */
    public String asParameter() {
        return entries.stream().map(e -> e.key() + "_" + e.val()).collect(Collectors.joining("|"));
    }
}
