package io.reelhouse.quality;

import java.util.List;
import java.util.Objects;

/** What a {@link Rule} asserts about a model's rows; the vocabulary of dbt's schema.yml. */
public sealed interface Assertion {
  /** A short name, unique among a model's rules: {@code not_null(movie_id)}. */
  String name();

  /** Whether each row passes or fails on its own (so failing rows can be quarantined). */
  boolean rowLevel();

  /** The column is never null (dbt not_null). */
  record NotNull(String column) implements Assertion {
    public NotNull {
      Objects.requireNonNull(column, "column");
    }

    @Override
    public String name() {
      return "not_null(" + column + ")";
    }

    @Override
    public boolean rowLevel() {
      return true;
    }
  }

  /** No two rows share the value of these columns (dbt unique / unique_combination_of_columns). */
  record Unique(List<String> columns) implements Assertion {
    public Unique {
      if (columns.isEmpty()) {
        throw new IllegalArgumentException("unique needs at least one column");
      }
      columns = List.copyOf(columns);
    }

    @Override
    public String name() {
      return "unique(" + String.join(", ", columns) + ")";
    }

    @Override
    public boolean rowLevel() {
      return false;
    }
  }

  /** Every non-null value of the column exists in another model's column (dbt relationships). */
  record Relationship(String column, String toModel, String toColumn) implements Assertion {
    @Override
    public String name() {
      return "relationships(" + column + " -> " + toModel + "." + toColumn + ")";
    }

    @Override
    public boolean rowLevel() {
      return false;
    }
  }

  /** Every non-null value of the column is one of these (dbt accepted_values). */
  record AcceptedValues(String column, List<String> values) implements Assertion {
    public AcceptedValues {
      if (values.isEmpty()) {
        throw new IllegalArgumentException("accepted_values of " + column + " needs values");
      }
      values = List.copyOf(values);
    }

    @Override
    public String name() {
      return "accepted_values(" + column + ")";
    }

    @Override
    public boolean rowLevel() {
      return true;
    }

    /** The values for a message: all of them, or the first and last of a long list. */
    public String shown() {
      return values.size() <= 6
          ? String.join(", ", values)
          : values.get(0) + ", " + values.get(1) + ", ..., " + values.get(values.size() - 1);
    }
  }

  /** A SQL boolean every row satisfies, e.g. {@code relevance_score > 0} (a singular test). */
  record Expression(String sql) implements Assertion {
    @Override
    public String name() {
      return "expression(" + sql + ")";
    }

    @Override
    public boolean rowLevel() {
      return true;
    }
  }

  /** No column of any row is null (the seed's no_nulls_in_columns macro). */
  record NoNullsInAnyColumn() implements Assertion {
    @Override
    public String name() {
      return "no_nulls_in_any_column";
    }

    @Override
    public boolean rowLevel() {
      return true;
    }
  }

  /** The model has between min and max rows (inclusive). */
  record RowCount(long min, long max) implements Assertion {
    public RowCount {
      if (min < 0 || max < min) {
        throw new IllegalArgumentException(
            "row_count needs 0 <= min <= max, got " + min + ".." + max);
      }
    }

    @Override
    public String name() {
      return "row_count(" + min + ".." + (max == Long.MAX_VALUE ? "" : max) + ")";
    }

    @Override
    public boolean rowLevel() {
      return false;
    }
  }
}
