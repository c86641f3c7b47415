package io.reelhouse.model.selection;

import java.util.List;
import java.util.Set;

/**
 * One selector method ({@code tag}, {@code path}, ...): the nodes a value selects. Methods that
 * compare with an earlier run ({@code state:}, {@code result:}) are methods like any other, built
 * with that run's manifest or results and added with {@link NodeSelector#with}.
 */
@FunctionalInterface
public interface SelectorMethod {
  /**
   * @param graph the project's nodes
   * @param arguments what followed the method's name after a dot ({@code config.materialized})
   * @param value the value after the colon
   * @return unique ids of the matching nodes; empty when none match
   * @throws InvalidSelectorException when the value or arguments cannot be a valid selector
   */
  Set<String> search(NodeGraph graph, List<String> arguments, String value);
}
