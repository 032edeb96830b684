/**
 * Typed configuration of the service ({@code @ConfigMapping} groups: role, data dir, topics) and
 * the role switch.
 */
package dev.milotune.config;
