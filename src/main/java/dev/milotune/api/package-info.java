/**
 * REST resources, request and response DTOs, problem-details error mapping, server-sent events and
 * the web page. Translates and delegates to {@code orchestration}; holds no logic.
 */
package dev.milotune.api;
