package io.reelhouse.model;

import static io.reelhouse.testing.RowAssert.assertRows;
import static io.reelhouse.testing.RowAssert.row;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelhouse.testing.FakeContext;
import io.reelhouse.testing.TestSpark;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** A staging model declared as data: one source, the columns it selects. */
class SourceViewTest {
  private static final class StgOrders extends SourceView {
    StgOrders(ModelInfo info, Column... columns) {
      super(info, columns);
    }
  }

  private static ModelInfo.Builder stgOrders() {
    return ModelInfo.builder("stg_orders", "staging", Materialization.VIEW)
        .description("One row per line of orders.csv.");
  }

  @Test
  void selectsTheDeclaredColumnsOfItsOneSource() {
    var spark = TestSpark.session();
    var orders =
        spark.createDataFrame(
            List.of(row(7, 12.5)), StructType.fromDDL("orderId INT, amount DOUBLE"));
    var model =
        new StgOrders(
            stgOrders().sources("orders").build(), col("orderId").as("order_id"), col("amount"));
    assertThat(model.info().name()).isEqualTo("stg_orders");
    assertRows(
        model.build(new FakeContext().source("orders", orders)),
        List.of("order_id", "amount"),
        List.of(row(7, 12.5)));
  }

  @Test
  void aStagingModelReadsExactlyOneSourceAndSelectsSomething() {
    assertThatThrownBy(() -> new StgOrders(stgOrders().build(), col("a")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("staging model stg_orders reads one source, got []");
    assertThatThrownBy(() -> new StgOrders(stgOrders().sources("a", "b").build(), col("a")))
        .hasMessage("staging model stg_orders reads one source, got [a, b]");
    assertThatThrownBy(() -> new StgOrders(stgOrders().sources("orders").build()))
        .hasMessage("staging model stg_orders selects no column");
  }
}
