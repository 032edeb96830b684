/**
 * Typed configuration of the service ({@code @ConfigMapping} groups: role, data dir, topics), the
 * role switch, and the secret files the service keeps in its data dir ({@link dev.milotune.config.Secrets}).
 */
package dev.milotune.config;
