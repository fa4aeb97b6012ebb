package io.cow.web.login;

import io.cow.web.contact.Contact;
import io.cow.web.contact.ContactDirectory;
import io.cow.web.protocol.Session;

/**
 * One login that is in use: the session, the bot's own account and the contacts seen in it.
 *
 * @param how how the login came about, for the log ("QR code", "push login", "saved session")
 */
public record LoggedIn(Session session, Contact self, ContactDirectory contacts, String how) {
}
