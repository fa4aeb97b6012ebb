package io.cow.testkit.web;

/** A chat the simulated account takes part in: a contact (private chat) or a group. */
public sealed interface SimChat permits SimContact, SimGroup {

    /** The name a person sees: a contact's nickname, a group's topic. */
    String name();
}
