package io.cow.ilink.api;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;

/**
 * One answer of {@code getupdates}.
 *
 * @param messages     the raw messages, parsed by the caller one by one so a malformed one is skipped alone
 * @param cursor       the next {@code get_updates_buf}; empty when the server sent none
 * @param nextHoldHint {@code longpolling_timeout_ms}, or zero
 */
public record Updates(List<JsonNode> messages, String cursor, Duration nextHoldHint) {
}
