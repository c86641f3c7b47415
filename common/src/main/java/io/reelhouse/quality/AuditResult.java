package io.reelhouse.quality;

import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What an audit found, and what may be published.
 *
 * @param rowsIn rows the model built
 * @param outcomes one per rule (and the row-count anomaly rule when it ran)
 * @param publishable the rows to publish: all of them, or those left after quarantine
 * @param quarantined rows that broke a row-level rule, with a {@code quarantine_reasons} column
 * @param rowsQuarantined how many rows were quarantined
 */
public record AuditResult(
    long rowsIn,
    List<RuleOutcome> outcomes,
    Dataset<Row> publishable,
    Optional<Dataset<Row>> quarantined,
    long rowsQuarantined) {

  /** Error-level rules that failed: any one keeps the model from publishing. */
  public List<RuleOutcome> errors() {
    return outcomes.stream().filter(o -> !o.passed() && o.level() == Level.ERROR).toList();
  }

  /** Warn-level rules that failed: reported, publishing goes on. */
  public List<RuleOutcome> warnings() {
    return outcomes.stream().filter(o -> !o.passed() && o.level() == Level.WARN).toList();
  }

  public boolean blocked() {
    return !errors().isEmpty();
  }

  public long rowsPublished() {
    return rowsIn - rowsQuarantined;
  }
}
