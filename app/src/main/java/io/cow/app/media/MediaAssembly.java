package io.cow.app.media;

import io.cow.app.model.ModelClients;
import io.cow.app.model.ModelConfig;
import io.cow.app.model.ModelProfile;
import io.cow.core.config.CoreSettings;
import io.cow.core.config.Settings;
import io.cow.core.media.Drawer;
import io.cow.core.media.ImagePairing;
import io.cow.core.media.MediaSettings;
import io.cow.core.media.MediaStage;
import io.cow.core.media.Transcriber;
import io.cow.core.usage.UsageMeter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** Builds the pipeline's media stage from the settings: the media folder, transcription and drawing profiles. */
public final class MediaAssembly {

    private static final Logger log = LoggerFactory.getLogger(MediaAssembly.class);

    private MediaAssembly() {
    }

    /**
     * The media stage every instance's pipeline shares (one pairing of pictures and questions, one media folder).
     *
     * @param models the checked model profiles (the media profiles among them)
     */
    public static MediaStage stage(Settings settings, ModelConfig models, MediaFolder folder, UsageMeter usage, Clock clock) {
        HttpClient http = io.cow.core.net.Proxies.from(settings).applyTo(HttpClient.newBuilder()).connectTimeout(Duration.ofSeconds(10)).build();
        Transcriber transcriber = null;
        String voice = settings.get(MediaSettings.VOICE_PROFILE).strip();
        if (!voice.isEmpty()) {
            transcriber = new Transcriptions(profile(models, voice), http, settings.get(CoreSettings.MODEL_TIMEOUT));
        }
        Drawer drawer = null;
        String draw = settings.get(MediaSettings.DRAW_PROFILE).strip();
        if (!draw.isEmpty()) {
            ModelProfile profile = profile(models, draw);
            drawer = new ImageGenerations(ModelClients.imageModel(profile, settings), draw, http);
        }
        log.info("🖼️ Pictures: {}; voice: {}; drawing: {}",
                settings.get(MediaSettings.VISION_PROFILE).isBlank() ? "asked with the chat's own profile"
                        : "asked with profile " + settings.get(MediaSettings.VISION_PROFILE),
                transcriber == null ? "only where the transport transcribes it" : "transcribed with profile " + voice,
                drawer == null ? "off (draw.profile)" : "profile " + draw + ", prefixes " + settings.get(MediaSettings.DRAW_PREFIXES));
        return new MediaStage(MediaStage.Options.from(settings), folder, transcriber, drawer,
                new ImagePairing(settings.get(MediaSettings.VISION_PAIR_WINDOW), settings.get(MediaSettings.RETENTION), clock), usage);
    }

    private static ModelProfile profile(ModelConfig models, String name) {
        ModelProfile profile = models.profiles().get(name);
        if (profile == null) {
            throw new IllegalStateException("no model profile " + name);
        }
        return profile;
    }
}
