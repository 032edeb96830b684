package dev.milotune.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * RFC 9457 problem details, the one error shape of the API. Validation problems name the field,
 * the value and the rule.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String field, Object value, String rule) {

    static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail, null, null, null);
    }
}
