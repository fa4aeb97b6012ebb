package io.cow.ilink.login;

import java.util.Optional;

/**
 * Where the number WeChat shows on the phone during a login comes from: the terminal today, the web
 * console later, a test's answer in tests.
 */
@FunctionalInterface
public interface VerifyCodeSource {

    /**
     * Asks for the verification number.
     *
     * @param prompt      what to tell the person
     * @param wrongBefore the previous number was wrong
     * @return the number, or empty when there is no one to ask
     */
    Optional<String> verifyCode(String prompt, boolean wrongBefore) throws InterruptedException;
}
