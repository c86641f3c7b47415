package io.reelhouse.quality;

import java.util.List;

/**
 * The rule vocabulary, read like dbt's schema.yml:
 *
 * <pre>{@code
 * .rules(
 *     notNull("order_id"),
 *     unique("customer_id", "order_id"),
 *     relationships("customer_id", "customers", "customer_id"),
 *     acceptedValues("status", "placed", "shipped", "returned"),
 *     expression("amount > 0").because("refunds are separate rows"),
 *     noNullsInAnyColumn(),
 *     rowCount(1, Long.MAX_VALUE).warn())
 * }</pre>
 */
public final class Rules {
  private Rules() {}

  public static Rule notNull(String column) {
    return rule(new Assertion.NotNull(column));
  }

  public static Rule unique(String... columns) {
    return rule(new Assertion.Unique(List.of(columns)));
  }

  public static Rule relationships(String column, String toModel, String toColumn) {
    return rule(new Assertion.Relationship(column, toModel, toColumn));
  }

  public static Rule acceptedValues(String column, String... values) {
    return rule(new Assertion.AcceptedValues(column, List.of(values)));
  }

  public static Rule expression(String sql) {
    return rule(new Assertion.Expression(sql));
  }

  public static Rule noNullsInAnyColumn() {
    return rule(new Assertion.NoNullsInAnyColumn());
  }

  public static Rule rowCount(long min, long max) {
    return rule(new Assertion.RowCount(min, max));
  }

  private static Rule rule(Assertion a) {
    return new Rule(a, Level.ERROR, "");
  }
}
