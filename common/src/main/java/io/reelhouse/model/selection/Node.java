package io.reelhouse.model.selection;

import java.util.List;
import java.util.Objects;

/**
 * One node of the selection graph, with the attributes dbt's selector methods read. Models, seeds
 * and snapshots come from the project's models, sources from its sources, and tests from the
 * quality rules each model declares (one test node per rule, a child of the models it reads).
 *
 * @param uniqueId dbt's unique id: {@code model.shop.customers}, {@code source.shop.raw.orders},
 *     {@code test.shop.not_null_customers_customer_id}
 * @param name the node's name (a source's table name)
 * @param type resource type
 * @param packageName the project's name
 * @param fqn dbt's fully qualified name: project, folder (the layer), name
 * @param path the declaring file, relative to the folder of the project's layers ({@code
 *     dim/DimMovies.java}); a source's is its raw file under {@code sources/}
 * @param tags tags of the node
 * @param materialized dbt's {@code config.materialized}: view, table, incremental, ...
 * @param severity tests: {@code error} or {@code warn}; others null
 * @param uniqueKey incremental models: the merge key; others empty
 * @param model the model this node is (models, seeds, snapshots) or whose rule it is (tests); null
 *     for sources
 * @param rule tests: the rule's name as its model declares it ({@code not_null(movie_id)})
 * @param sourceName sources: the source's name (the project's, as its raw files are one source)
 * @param testName generic tests: the test ({@code not_null}, {@code unique}, ...); null otherwise
 * @param testType tests: {@code generic} or {@code singular}; null otherwise
 * @param dependsOn unique ids of the nodes this one reads
 */
public record Node(
    String uniqueId,
    String name,
    ResourceType type,
    String packageName,
    List<String> fqn,
    String path,
    List<String> tags,
    String materialized,
    String severity,
    List<String> uniqueKey,
    String model,
    String rule,
    String sourceName,
    String testName,
    String testType,
    List<String> dependsOn) {

  public Node {
    Objects.requireNonNull(uniqueId, "uniqueId");
    Objects.requireNonNull(type, "type of " + uniqueId);
    fqn = List.copyOf(fqn);
    tags = List.copyOf(tags);
    uniqueKey = List.copyOf(uniqueKey);
    dependsOn = List.copyOf(dependsOn);
  }

  /** The name {@code ls --output name} prints: a source's is {@code source.table}. */
  public String searchName() {
    return type == ResourceType.SOURCE ? sourceName + "." + name : name;
  }

  /** The selector {@code ls --output selector} prints, which selects this node alone. */
  public String selector() {
    return type == ResourceType.SOURCE
        ? "source:" + packageName + "." + sourceName + "." + name
        : String.join(".", fqn);
  }
}
