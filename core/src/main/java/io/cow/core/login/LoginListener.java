package io.cow.core.login;

/**
 * Told every change of a channel instance's login (see {@link LoginStates#subscribe}). Runs on the channel's
 * thread, one change at a time: it must return quickly (queue anything slow, such as sending a message).
 */
@FunctionalInterface
public interface LoginListener {

    /**
     * @param previous the instance's state before, or null for its first state
     * @param current  its state now
     */
    void loginChanged(LoginState previous, LoginState current);
}
