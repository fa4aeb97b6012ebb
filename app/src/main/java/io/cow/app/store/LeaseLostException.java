package io.cow.app.store;

import io.cow.core.store.StoreException;

/** A write refused by the fencing: this worker no longer holds the account's lease. */
public final class LeaseLostException extends StoreException {

    public LeaseLostException(String account, String why) {
        super("cannot write for " + account + ": " + why, null);
    }
}
