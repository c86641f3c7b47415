package io.reelhouse.model

import java.util.{List => JList}

import scala.collection.JavaConverters._

import org.scalatest.funsuite.AnyFunSuite

/** A ScalaTest suite on the JUnit Platform, beside the JUnit tests (scalatest-junit-runner). */
class DagSpec extends AnyFunSuite {
  private def dag(edges: (String, Seq[String])*): Dag = {
    val parents = new java.util.LinkedHashMap[String, JList[String]]()
    edges.foreach { case (n, ps) => parents.put(n, ps.asJava) }
    new Dag(parents)
  }

  // a -> b -> d, a -> c -> d, e alone; declared out of order on purpose.
  private val diamond =
    dag("d" -> Seq("b", "c"), "b" -> Seq("a"), "e" -> Seq(), "c" -> Seq("a"), "a" -> Seq())

  test("every node comes after the nodes it reads, ties in declaration order") {
    assert(diamond.order().asScala == Seq("e", "a", "b", "c", "d"))
  }

  test("ancestors and descendants follow refs transitively") {
    assert(diamond.ancestors("d").asScala.toSet == Set("a", "b", "c"))
    assert(diamond.descendants("a").asScala.toSet == Set("b", "c", "d"))
    assert(diamond.descendants("e").isEmpty)
  }

  test("a cycle is refused, naming the nodes in it") {
    val e = intercept[IllegalArgumentException](dag("x" -> Seq("y"), "y" -> Seq("x"), "z" -> Seq()))
    assert(e.getMessage == "refs form a cycle among: x, y")
  }
}
