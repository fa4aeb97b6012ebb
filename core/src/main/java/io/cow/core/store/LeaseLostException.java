package io.cow.core.store;

/**
 * A write refused by a cluster worker's fencing: this worker no longer holds the account's lease (another worker
 * took the account over). Nothing is gained by trying again: what is left belongs to the new holder.
 */
public final class LeaseLostException extends StoreException {

    public LeaseLostException(String account, String why) {
        super("cannot write for " + account + ": " + why, null);
    }
}
