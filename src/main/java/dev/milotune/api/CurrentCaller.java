package dev.milotune.api;

import dev.milotune.access.Caller;
import jakarta.enterprise.context.RequestScoped;

/** The caller of the request in progress, set by {@link AccessFilter}. */
@RequestScoped
class CurrentCaller {

    private Caller caller;

    void set(Caller caller) {
        this.caller = caller;
    }

    Caller get() {
        if (caller == null) {
            throw new IllegalStateException("no caller: the request did not pass the access filter");
        }
        return caller;
    }
}
