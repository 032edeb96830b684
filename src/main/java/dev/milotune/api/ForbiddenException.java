package dev.milotune.api;

/** The caller's token may not do this (403): a member acting on another's study. */
class ForbiddenException extends RuntimeException {

    ForbiddenException(String message) {
        super(message);
    }
}
