package io.reelhouse.scd

import java.nio.file.Files
import java.sql.Timestamp
import java.time.Instant
import java.time.temporal.ChronoUnit
import java.util.concurrent.atomic.AtomicInteger

import scala.collection.JavaConverters._

import io.delta.tables.DeltaTable
import io.reelhouse.scd.SnapshotSpec.{HardDeletes, MetaColumns, Strategy}
import io.reelhouse.testing.TestSpark
import io.reelhouse.warehouse.{DeltaWarehouse, TableId}
import org.apache.spark.sql.{Row, RowFactory}
import org.apache.spark.sql.types.StructType
import org.scalacheck.{Gen, Shrink}
import org.scalatest.funsuite.AnyFunSuite
import org.scalatestplus.scalacheck.ScalaCheckPropertyChecks

/**
 * SCD2 invariants over random histories: keys appear, change, disappear and come back across
 * batches; each batch is applied at its own snapshot time, after every change it carries.
 */
class Scd2PropertiesSpec extends AnyFunSuite with ScalaCheckPropertyChecks {
  implicit override val generatorDrivenConfig: PropertyCheckConfiguration =
    PropertyCheckConfiguration(minSuccessful = 6)

  // Shrinking would cut batches out of a history and break its time order: report it whole.
  implicit val noShrink: Shrink[List[Map[Int, Rec]]] = Shrink.shrinkAny

  private val Keys = 1 to 4
  private val Base = Instant.parse("2024-01-01T00:00:00Z")
  private val Schema = StructType.fromDDL("id INT, name STRING, updated_at TIMESTAMP")
  private val Spec =
    new SnapshotSpec(
      List("id").asJava, new Strategy.Timestamp("updated_at"), HardDeletes.INVALIDATE, MetaColumns.DBT)

  private val root = Files.createTempDirectory("scd2-properties")
  private val wh = new DeltaWarehouse(TestSpark.session(), root.toString)
  private val tables = new AtomicInteger()

  case class Rec(id: Int, name: String, updated: Instant)

  /** Snapshot time of batch i; batch i's changes happen between run(i - 1) and run(i). */
  private def run(i: Int): Instant = Base.plus(i.toLong, ChronoUnit.DAYS)

  /** Per batch and key: 0 keep, 1 change or (re)insert, 2 delete. */
  private val histories: Gen[List[Map[Int, Rec]]] =
    for {
      n <- Gen.choose(2, 4)
      steps <- Gen.listOfN(n, Gen.listOfN(Keys.size, Gen.frequency(3 -> 0, 2 -> 1, 1 -> 2)))
    } yield {
      var state = Map.empty[Int, Rec]
      steps.zipWithIndex.map { case (actions, i) =>
        actions.zip(Keys).foreach {
          case (1, id) => state += id -> Rec(id, s"v$i", run(i).minus(id.toLong, ChronoUnit.HOURS))
          case (0, id) if i == 0 => state += id -> Rec(id, "v0", run(0).minus(id.toLong, ChronoUnit.HOURS))
          case (2, id) => state -= id
          case _ =>
        }
        state
      }
    }

  private def frame(batch: Map[Int, Rec]) =
    TestSpark
      .session()
      .createDataFrame(
        batch.values.toList.map(r => RowFactory.create(Int.box(r.id), r.name, Timestamp.from(r.updated))).asJava,
        Schema)

  case class Version(id: Int, name: String, updated: Instant, from: Instant, to: Option[Instant])

  private def versions(table: TableId): Seq[Version] =
    wh.read(table)
      .select("id", "name", "updated_at", "dbt_valid_from", "dbt_valid_to")
      .collectAsList()
      .asScala
      .map(r =>
        Version(
          r.getInt(0),
          r.getString(1),
          r.getAs[Instant](2),
          r.getAs[Instant](3),
          Option(r.getAs[Instant](4))))
      .toSeq

  test("history never overlaps, keeps one current version, and gives back every batch as of its time") {
    forAll(histories) { batches =>
      val table = new TableId("prop", s"snap_${tables.incrementAndGet()}")
      val snapshotter = new Snapshotter(wh)
      batches.zipWithIndex.foreach { case (b, i) =>
        snapshotter.apply(table, Spec, frame(b), false, run(i), () => ())
      }
      val all = versions(table)

      all.groupBy(_.id).foreach { case (id, vs) =>
        assert(vs.count(_.to.isEmpty) <= 1, s"key $id has more than one current version: $vs")
        vs.foreach(v => v.to.foreach(to => assert(v.from.isBefore(to), s"key $id: $v ends before it starts")))
        vs.sortBy(_.from).sliding(2).foreach {
          case Seq(a, b) => assert(a.to.exists(!_.isAfter(b.from)), s"key $id: $a overlaps $b")
          case _ =>
        }
      }

      batches.zipWithIndex.foreach { case (b, i) =>
        val t = run(i)
        val asOf =
          all.filter(v => !v.from.isAfter(t) && v.to.forall(_.isAfter(t))).map(v => Rec(v.id, v.name, v.updated)).toSet
        assert(asOf == b.values.toSet, s"as of batch $i ($t)")
      }

      val path = wh.pathOf(table)
      val before = DeltaTable.forPath(TestSpark.session(), path).history(1).head().getLong(0)
      snapshotter.apply(table, Spec, frame(batches.last), false, run(batches.size), () => ())
      assert(versions(table).toSet == all.toSet, "rerunning the last batch changed the snapshot")
      assert(DeltaTable.forPath(TestSpark.session(), path).history(1).head().getLong(0) == before)
    }
  }
}
