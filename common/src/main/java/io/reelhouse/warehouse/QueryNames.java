package io.reelhouse.warehouse;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.ExpressionWithUnresolvedIdentifier;
import org.apache.spark.sql.catalyst.analysis.PlanWithUnresolvedIdentifier;
import org.apache.spark.sql.catalyst.analysis.UnresolvedRelation;
import org.apache.spark.sql.catalyst.analysis.UnresolvedTableValuedFunction;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.SubqueryExpression;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.DeleteFromTable;
import org.apache.spark.sql.catalyst.plans.logical.InsertIntoStatement;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import scala.collection.JavaConverters;

/**
 * The tables a SQL statement reads, or deletes from, named {@code schema.table} (or {@code
 * spark_catalog.schema.table}), as Spark's own parser finds them: in its FROM and JOIN clauses,
 * subqueries and common table expressions, and the target of a DELETE. Spark has no public call
 * that lists the tables of an unresolved statement, so the parsed plan is walked here.
 */
final class QueryNames {
  private QueryNames() {}

  /**
   * The names, as written; empty when the statement may name tables elsewhere (other commands such
   * as INSERT, DESCRIBE, EXPLAIN or SHOW, {@code IDENTIFIER()}, table-valued functions), so that
   * the caller names every table instead. A statement Spark cannot parse names none: Spark reports
   * it when the statement runs.
   */
  static Optional<List<TableId>> of(SparkSession spark, String query) {
    LogicalPlan plan;
    try {
      plan = spark.sessionState().sqlParser().parsePlan(query);
    } catch (Exception unparsable) { // Spark's ParseException
      return Optional.of(List.of());
    }
    List<TableId> out = new ArrayList<>();
    return walk(plan, out) ? Optional.of(out) : Optional.empty();
  }

  private static boolean walk(LogicalPlan plan, List<TableId> out) {
    if ((plan instanceof Command && !(plan instanceof DeleteFromTable))
        || plan instanceof InsertIntoStatement
        || plan instanceof PlanWithUnresolvedIdentifier
        || plan instanceof UnresolvedTableValuedFunction) {
      return false;
    }
    if (plan instanceof UnresolvedRelation r) {
      List<String> parts = JavaConverters.seqAsJavaList(r.multipartIdentifier());
      int n = parts.size();
      if (n == 2 || (n == 3 && parts.get(0).equalsIgnoreCase("spark_catalog"))) {
        out.add(new TableId(parts.get(n - 2), parts.get(n - 1)));
      }
    }
    for (LogicalPlan child : JavaConverters.seqAsJavaList(plan.children())) {
      if (!walk(child, out)) {
        return false;
      }
    }
    for (Object inner : JavaConverters.seqAsJavaList(plan.innerChildren())) {
      if (inner instanceof LogicalPlan cte && !walk(cte, out)) {
        return false;
      }
    }
    for (Expression e : JavaConverters.seqAsJavaList(plan.expressions())) {
      if (!walk(e, out)) {
        return false;
      }
    }
    return true;
  }

  private static boolean walk(Expression e, List<TableId> out) {
    if (e instanceof ExpressionWithUnresolvedIdentifier) {
      return false;
    }
    if (e instanceof SubqueryExpression s && !walk(s.plan(), out)) {
      return false;
    }
    for (Expression child : JavaConverters.seqAsJavaList(e.children())) {
      if (!walk(child, out)) {
        return false;
      }
    }
    return true;
  }
}
