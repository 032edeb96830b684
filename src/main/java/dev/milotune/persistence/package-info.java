/**
 * JPA entities and Panache repositories that implement the ports of {@code orchestration}, and the
 * mappers between entities and domain records. Entities never leave this package.
 *
 * <p>May import Hibernate / Panache, {@code orchestration} (ports) and the pure packages.
 */
package dev.milotune.persistence;
