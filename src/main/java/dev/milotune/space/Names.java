package dev.milotune.space;

/** The one rule on parameter names. */
final class Names {

    private Names() {
    }

    static void check(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidSpecException("searchSpace.name", name, "must be a non-blank parameter name");
        }
    }
}
