package io.reelhouse.model;

/**
 * A column of a model, as its documentation describes it.
 *
 * @param name column name
 * @param description what the column holds
 */
public record ColumnDoc(String name, String description) {}
