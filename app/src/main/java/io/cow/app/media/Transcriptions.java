package io.cow.app.media;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cow.app.model.ModelProfile;
import io.cow.core.media.MediaCallException;
import io.cow.core.media.MediaFile;
import io.cow.core.media.Transcriber;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/**
 * An OpenAI-compatible {@code POST /audio/transcriptions} (Whisper and the servers that copy it), written here because
 * the bot's model HTTP client speaks JSON only and this endpoint takes a multipart form: {@code file}, {@code model},
 * {@code response_format=json}; it answers {@code {"text": …}}.
 */
final class Transcriptions implements Transcriber {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ModelProfile profile;
    private final HttpClient http;
    private final Duration timeout;

    Transcriptions(ModelProfile profile, HttpClient http, Duration timeout) {
        this.profile = profile;
        this.http = http;
        this.timeout = timeout;
    }

    @Override
    public String transcribe(MediaFile voice) throws MediaCallException {
        String boundary = "cow-" + UUID.randomUUID();
        URI uri = URI.create(profile.baseUrl().replaceAll("/+$", "") + "/audio/transcriptions");
        try {
            byte[] audio = voice.bytes();
            String name = "voice." + MediaTypes.extension(voice.mediaType());
            byte[] head = (part(boundary, "model", profile.model()) + part(boundary, "response_format", "json")
                    + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name + "\"\r\n"
                    + "Content-Type: " + voice.mediaType() + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
            byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                            HttpRequest.BodyPublishers.ofByteArray(audio), HttpRequest.BodyPublishers.ofByteArray(tail)));
            if (!profile.apiKey().isBlank()) {
                request.header("Authorization", "Bearer " + profile.apiKey());
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() >= 400) {
                throw new MediaCallException("the transcription endpoint answered HTTP " + response.statusCode() + ": "
                        + errorMessage(response.body()), null);
            }
            JsonNode text = JSON.readTree(response.body()).path("text");
            if (!text.isTextual()) {
                throw new MediaCallException("the transcription endpoint answered without a text", null);
            }
            return text.asText();
        } catch (IOException e) {
            throw new MediaCallException("cannot reach " + uri.getHost() + ":" + uri.getPort() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MediaCallException("interrupted", e);
        }
    }

    @Override
    public String profile() {
        return profile.name();
    }

    private static String part(String boundary, String name, String value) {
        return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
    }

    /** The API's own error message when it sent one (never the request, which could hold the key). */
    private static String errorMessage(String body) {
        try {
            JsonNode message = JSON.readTree(body).path("error").path("message");
            if (message.isTextual()) {
                return message.asText();
            }
        } catch (IOException notJson) {
            // Not JSON: the start of the body says enough.
        }
        return body.length() > 200 ? body.substring(0, 200) + "…" : body;
    }
}
