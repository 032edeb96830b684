/**
 * Command-line entry points that run without booting the service ({@code select}, {@code fetch})
 * and the main class that chooses between them and the service.
 */
package dev.milotune.cli;
