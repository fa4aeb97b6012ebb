package io.cow.web.sync;

import com.fasterxml.jackson.databind.JsonNode;
import io.cow.core.channel.ChannelEvents;
import io.cow.core.message.IncomingMessage;
import io.cow.core.channel.kit.ChannelFailure;
import io.cow.web.contact.Contact;
import io.cow.web.contact.ContactDirectory;
import io.cow.web.login.LoggedIn;
import io.cow.web.login.SessionStore;
import io.cow.web.message.MessageTranslator;
import io.cow.web.protocol.RetException;
import io.cow.web.protocol.WebApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes in what one webwxsync returned: contact changes, then the messages (looking up groups and members
 * it does not know yet, so names and mentions are right), then the new sync keys, saved for hot login (in the background, so the message path never waits on the disk).
 */
public final class SyncIntake {

    private static final Logger log = LoggerFactory.getLogger(SyncIntake.class);
    private static final Pattern GROUP_SENDER = Pattern.compile("^(@[a-zA-Z0-9]+):<br/>");
    /** A group whose member list lacks a sender is fetched again at most this often. */
    private static final Duration GROUP_REFRESH = Duration.ofSeconds(30);

    private final WebApi api;
    private final MessageTranslator translator;
    private final ChannelEvents events;
    private final SessionStore store;
    private final Clock clock;
    private final Map<String, Long> refreshedAt = new ConcurrentHashMap<>();

    public SyncIntake(WebApi api, MessageTranslator translator, ChannelEvents events, SessionStore store, Clock clock) {
        this.api = api;
        this.translator = translator;
        this.events = events;
        this.store = store;
        this.clock = clock;
    }

    /** Applies one sync result; the keys move on only after the bot has taken its messages in (stored them). */
    public void accept(LoggedIn login, WebApi.SyncResult result) throws InterruptedException, RetException {
        ContactDirectory contacts = login.contacts();
        contacts.putAll(result.modContacts());
        result.delContacts().forEach(contacts::remove);
        refreshGroups(login, result.messages());
        List<IncomingMessage> batch = new ArrayList<>(result.messages().size());
        for (JsonNode item : result.messages()) {
            Optional<IncomingMessage> message;
            try {
                message = translator.translate(item, login.self(), contacts);
            } catch (RuntimeException e) {
                log.warn("⚠️ Skipped a message web WeChat sent that cannot be read: {}", e.toString());
                continue;
            }
            message.ifPresent(batch::add);
        }
        if (!batch.isEmpty()) {
            events.onMessages(batch);
        }
        login.session().updateSyncKeys(result.syncKey().orElse(null), result.syncCheckKey().orElse(null));
        login.session().updateSkey(result.skey());
        store.saveSoon(login.session(), api.http().cookies());
    }

    /** Fetches groups the messages come from that are unknown, or whose member list lacks the sender. */
    private void refreshGroups(LoggedIn login, List<JsonNode> messages) throws InterruptedException, RetException {
        Set<String> wanted = new LinkedHashSet<>();
        long now = clock.millis();
        for (JsonNode item : messages) {
            String from = item.path("FromUserName").asText("");
            String to = item.path("ToUserName").asText("");
            String group = Contact.isGroupName(from) ? from : Contact.isGroupName(to) ? to : null;
            if (group == null) {
                continue;
            }
            Optional<Contact> known = login.contacts().get(group);
            boolean missingSender = false;
            if (known.isPresent()) {
                Matcher sender = GROUP_SENDER.matcher(item.path("Content").asText(""));
                missingSender = sender.find() && known.get().member(sender.group(1)).isEmpty();
            }
            boolean missing = known.isEmpty() || known.get().members().isEmpty() || missingSender;
            Long last = refreshedAt.get(group);
            if (missing && (known.isEmpty() || last == null || now - last >= GROUP_REFRESH.toMillis())) {
                wanted.add(group);
            }
        }
        List<String> all = new ArrayList<>(wanted);
        for (int from = 0; from < all.size(); from += WebApi.BATCH_LIMIT) {
            List<String> batch = all.subList(from, Math.min(all.size(), from + WebApi.BATCH_LIMIT));
            batch.forEach(g -> refreshedAt.put(g, now));
            try {
                login.contacts().putAll(api.batchContacts(login.session(), batch));
            } catch (IOException e) {
                log.debug("Could not look up {} group(s): {}", batch.size(), ChannelFailure.describe(e));
            } catch (RetException e) {
                if (e.loggedOut()) {
                    throw e;
                }
                log.debug("Could not look up {} group(s): {}", batch.size(), ChannelFailure.describe(e));
            }
        }
    }
}
