package io.cow.web.login;

import io.cow.core.channel.kit.ChannelFailure;
import io.cow.web.contact.Contact;
import io.cow.web.contact.ContactDirectory;
import io.cow.web.protocol.RetException;
import io.cow.web.protocol.Session;
import io.cow.web.protocol.WebApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Readies a confirmed (or resumed) session: initialises it, saves it for hot login, and loads the contacts. */
final class SessionSetup {

    private static final Logger log = LoggerFactory.getLogger(SessionSetup.class);
    private static final int STATUS_INITED = 3;
    private static final int MAX_CONTACT_PAGES = 200;

    private final WebApi api;
    private final SessionStore store;

    SessionSetup(WebApi api, SessionStore store) {
        this.api = api;
        this.store = store;
    }

    /** webwxinit, statusnotify, then the contact list and the groups' members. */
    LoggedIn initialise(Session session, String how) throws IOException, InterruptedException, RetException {
        WebApi.InitResult init = api.init(session);
        session.updateSkey(init.skey());
        Contact self = init.self();
        session.self(self.userName(), self.nickName());
        session.updateSyncKeys(init.syncKey().orElse(null), init.syncKey().orElse(null));
        api.statusNotify(session, STATUS_INITED);
        store.save(session, api.http().cookies());
        ContactDirectory contacts = new ContactDirectory();
        contacts.put(self);
        contacts.putAll(init.contacts());
        loadContacts(session, contacts, init.chatSet());
        log.info("Loaded {} contacts and groups of {}", contacts.size() - 1, self.nickName());
        return new LoggedIn(session, self, contacts, how);
    }

    /**
     * The contact list, page by page, then the details of every group in batches of at most 50. Failures here
     * cost only names, which are fetched again when a message needs them, so they are logged, not thrown.
     */
    private void loadContacts(Session session, ContactDirectory contacts, List<String> chatSet) throws InterruptedException {
        try {
            long seq = 0;
            int pages = 0;
            do {
                WebApi.ContactPage page = api.contacts(session, seq);
                contacts.putAll(page.contacts());
                seq = page.nextSeq() == seq ? 0 : page.nextSeq();
            } while (seq != 0 && ++pages < MAX_CONTACT_PAGES);
        } catch (IOException | RetException e) {
            log.warn("⚠️ Could not load the contact list ({}); names are looked up as messages arrive", ChannelFailure.describe(e));
        }
        Set<String> groups = new LinkedHashSet<>();
        contacts.all().stream().filter(Contact::isGroup).forEach(c -> groups.add(c.userName()));
        chatSet.stream().filter(Contact::isGroupName).forEach(groups::add);
        List<String> all = new ArrayList<>(groups);
        for (int from = 0; from < all.size(); from += WebApi.BATCH_LIMIT) {
            List<String> batch = all.subList(from, Math.min(all.size(), from + WebApi.BATCH_LIMIT));
            try {
                contacts.putAll(api.batchContacts(session, batch));
            } catch (IOException | RetException e) {
                log.warn("⚠️ Could not load the members of {} group(s) ({}); they are looked up as messages arrive",
                        batch.size(), ChannelFailure.describe(e));
            }
        }
    }

}
