package dev.milotune.data;

/**
 * A catalogue entry as the API lists it.
 *
 * @param name what {@link Datasets#load} takes
 * @param kind images, texts or feature rows
 * @param description origin and size
 * @param source the pinned package it is fetched from, or "test fixture (classpath)"
 * @param available whether it can be loaded now (fetched, or a fixture on the classpath)
 */
public record DatasetInfo(String name, DatasetKind kind, String description, String source, boolean available) {
}
