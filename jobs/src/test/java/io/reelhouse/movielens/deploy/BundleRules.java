package io.reelhouse.movielens.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checks {@code databricks bundle validate -t TARGET} makes that a JSON schema cannot: variable
 * values (a target's over the declared default, {@code --var} over both) and their interpolation,
 * {@code run_as} with one identity, and the target-mode rules of the CLI's
 * bundle/config/mutator/resourcemutator/validate_target_mode.go. Then Reelhouse's own rules for a
 * safe deployment: {@code dev} the default target in development mode with its schedule paused,
 * {@code prod} in production mode with a root path and a service principal, the jar built by the
 * bundle's artifacts and uploaded to a Unity Catalog volume, and job clusters in dedicated access
 * mode on DBR 16.4 LTS with retries, a timeout and failure notifications.
 *
 * <p>The CLI's rules are re-stated here (it is a Go program; running it needs a workspace login).
 * The current user is a stand-in, {@link #USER}, whose short name the CLI would derive as {@link
 * #SHORT_NAME}.
 */
final class BundleRules {
  static final String USER = "someone.else@example.com";
  static final String SHORT_NAME = "someone_else";
  private static final Pattern REF = Pattern.compile("\\$\\{([a-zA-Z_][\\w.\\-\\[\\]]*)\\}");
  private static final List<String> DEDICATED =
      List.of("SINGLE_USER", "DATA_SECURITY_MODE_DEDICATED");

  private final Map<String, Object> bundle;
  private final List<String> problems = new ArrayList<>();

  private BundleRules(Map<String, Object> bundle) {
    this.bundle = bundle;
  }

  /** Every problem of the bundle as a whole: its targets, variables and jobs. */
  static List<String> problems(Map<String, Object> bundle, Map<String, String> cliVars) {
    var rules = new BundleRules(bundle);
    rules.checkTargets(cliVars);
    rules.checkJobs();
    return rules.problems;
  }

  /** What the CLI reports for one target, after its variables are resolved. */
  static List<String> targetProblems(
      Map<String, Object> bundle, String target, Map<String, String> cliVars) {
    var rules = new BundleRules(bundle);
    rules.checkTarget(target, cliVars);
    return rules.problems;
  }

  /** The bundle as the CLI sees it for one target, its variables interpolated. */
  static Map<String, Object> resolved(
      Map<String, Object> bundle, String target, Map<String, String> cliVars) {
    var rules = new BundleRules(bundle);
    return rules.resolve(target, map(map(bundle.get("targets")).get(target)), cliVars);
  }

  private void checkTargets(Map<String, String> cliVars) {
    Map<String, Object> targets = map(bundle.get("targets"));
    List<String> defaults = new ArrayList<>();
    targets.forEach(
        (name, t) -> {
          if (Boolean.TRUE.equals(map(t).get("default"))) {
            defaults.add(name);
          }
        });
    if (!defaults.equals(List.of("dev"))) {
      problems.add("the default target must be 'dev' alone, found " + defaults);
    }
    if (!"development".equals(map(targets.get("dev")).get("mode"))) {
      problems.add("target 'dev' must have 'mode: development'");
    }
    if (!"PAUSED".equals(map(map(targets.get("dev")).get("presets")).get("trigger_pause_status"))) {
      problems.add("target 'dev' must pause its schedule (presets.trigger_pause_status: PAUSED)");
    }
    Map<String, Object> prod = map(targets.get("prod"));
    if (!"production".equals(prod.get("mode"))) {
      problems.add("target 'prod' must have 'mode: production'");
    }
    Object principal = map(prod.get("run_as")).get("service_principal_name");
    if (!(principal instanceof String p && p.startsWith("${var."))) {
      problems.add(
          "target 'prod' must run as a service principal given as a variable, found run_as "
              + prod.get("run_as"));
    }
    for (String v : List.of("catalog", "schema", "node_type", "volume")) {
      if (!map(bundle.get("variables")).containsKey(v)) {
        problems.add("variable '" + v + "' is not declared");
      }
    }
    for (String name : targets.keySet()) {
      checkTarget(name, cliVars);
    }
  }

  private void checkTarget(String name, Map<String, String> cliVars) {
    Map<String, Object> target = map(map(bundle.get("targets")).get(name));
    Map<String, Object> resolved;
    try {
      resolved = resolve(name, target, cliVars);
    } catch (IllegalArgumentException e) {
      problems.add("target '" + name + "': " + e.getMessage());
      return;
    }
    String where = "target '" + name + "': ";
    Map<String, Object> workspace = new LinkedHashMap<>(map(resolved.get("workspace")));
    workspace.putAll(map(map(resolved.get("targets")).get("workspace")));
    Object mode = target.get("mode");
    if ("development".equals(mode)) {
      developmentMode(where, target, workspace);
    } else if ("production".equals(mode)) {
      // validateProductionMode: only a root_path set by the target makes one copy.
      if (map(target.get("workspace")).get("root_path") == null) {
        problems.add(
            where
                + "target with 'mode: production' must set 'workspace.root_path' to make sure only"
                + " one copy is deployed");
      }
      if (target.get("run_as") == null) {
        problems.add(where + "target with 'mode: production' must set 'run_as'");
      }
    } else if (mode != null) {
      problems.add(
          where
              + "unsupported value '"
              + mode
              + "' specified for 'mode': must be either 'development' or 'production'");
    }
    Map<String, Object> runAs = map(map(map(resolved.get("targets")).get("run_as")));
    if (target.containsKey("run_as")) {
      Object sp = runAs.get("service_principal_name");
      Object user = runAs.get("user_name");
      if (blank(sp) && blank(user)) {
        problems.add(
            where
                + "run_as section must specify exactly one identity. Neither"
                + " service_principal_name nor user_name is specified");
      } else if (!blank(sp) && !blank(user)) {
        problems.add(
            where + "run_as section cannot specify both user_name and service_principal_name");
      }
    }
    Object artifactPath = workspace.get("artifact_path");
    if (!(artifactPath instanceof String a) || !a.matches("/Volumes/[^/]+/[^/]+/[^/]+/.*")) {
      problems.add(
          where
              + "workspace.artifact_path must be in a Unity Catalog volume"
              + " (/Volumes/<catalog>/<schema>/<volume>/...), found "
              + artifactPath);
    }
  }

  /** validateDevelopmentMode: nothing unpaused, every path the user's own. */
  private void developmentMode(String where, Map<String, Object> target, Map<String, Object> ws) {
    if ("UNPAUSED".equals(map(target.get("presets")).get("trigger_pause_status"))) {
      problems.add(
          where
              + "target with 'mode: development' cannot set trigger pause status to UNPAUSED by"
              + " default");
    }
    for (String key :
        List.of("root_path", "file_path", "resource_path", "artifact_path", "state_path")) {
      Object path = ws.get(key);
      if (path instanceof String p
          && !p.contains(USER)
          && !p.contains(SHORT_NAME)
          && !p.startsWith("~/")) {
        problems.add(
            where
                + key
                + (key.equals("artifact_path") && p.startsWith("/Volumes")
                    ? " should contain the current username or ${workspace.current_user.short_name}"
                    : " must start with '~/' or contain the current username")
                + " to ensure uniqueness when using 'mode: development'");
        return; // the CLI reports the first such path
      }
    }
  }

  private void checkJobs() {
    List<String> builtJars = new ArrayList<>();
    map(bundle.get("artifacts"))
        .values()
        .forEach(
            a ->
                list(map(a).get("files"))
                    .forEach(f -> builtJars.add((String) map(f).get("source"))));
    map(map(bundle.get("resources")).get("jobs"))
        .forEach(
            (jobName, j) -> {
              Map<String, Object> job = map(j);
              String where = "job '" + jobName + "': ";
              if (!(job.get("timeout_seconds") instanceof Integer t && t > 0)) {
                problems.add(where + "needs a timeout (timeout_seconds)");
              }
              if (list(map(job.get("email_notifications")).get("on_failure")).isEmpty()) {
                problems.add(
                    where + "needs failure notifications (email_notifications.on_failure)");
              }
              for (Object c : list(job.get("job_clusters"))) {
                Map<String, Object> cluster = map(map(c).get("new_cluster"));
                String key = where + "cluster '" + map(c).get("job_cluster_key") + "': ";
                if (!(cluster.get("data_security_mode") instanceof String mode
                    && DEDICATED.contains(mode))) {
                  problems.add(
                      key
                          + "data_security_mode must be set to dedicated access ("
                          + String.join(" or ", DEDICATED)
                          + "), found "
                          + cluster.get("data_security_mode"));
                }
                if (!"16.4.x-scala2.12".equals(cluster.get("spark_version"))) {
                  problems.add(
                      key
                          + "spark_version must be 16.4.x-scala2.12 (DBR 16.4 LTS), found "
                          + cluster.get("spark_version"));
                }
              }
              for (Object t : list(job.get("tasks"))) {
                Map<String, Object> task = map(t);
                String key = where + "task '" + task.get("task_key") + "': ";
                if (!(task.get("max_retries") instanceof Integer r && r >= 1)) {
                  problems.add(key + "needs retries (max_retries of 1 or more)");
                }
                for (Object lib : list(task.get("libraries"))) {
                  Object jar = map(lib).get("jar");
                  if (jar != null && !builtJars.contains(jar)) {
                    problems.add(
                        key
                            + "library "
                            + jar
                            + " is not a file the bundle's artifacts build "
                            + builtJars);
                  }
                }
              }
            });
  }

  /**
   * The bundle with the target's variable values interpolated, as the CLI does: {@code --var} over
   * the target's value over the declared default; a variable with none is an error, as is a
   * reference to an undeclared variable. {@code bundle.*} and the current user are known here;
   * other references stay as written. The target's own section is kept under {@code targets}.
   */
  private Map<String, Object> resolve(
      String name, Map<String, Object> target, Map<String, String> cliVars) {
    Map<String, Object> declared = map(bundle.get("variables"));
    Map<String, Object> values = new LinkedHashMap<>();
    for (var e : declared.entrySet()) {
      Map<String, Object> v = map(e.getValue());
      if (v.containsKey("default")) {
        values.put(e.getKey(), v.get("default"));
      }
    }
    for (var e : map(target.get("variables")).entrySet()) {
      if (!declared.containsKey(e.getKey())) {
        throw new IllegalArgumentException(
            "variable " + e.getKey() + " is not defined but is assigned a value");
      }
      Object v = e.getValue();
      values.put(
          e.getKey(), v instanceof Map<?, ?> m && m.containsKey("default") ? m.get("default") : v);
    }
    values.putAll(cliVars);
    for (String v : declared.keySet()) {
      if (!values.containsKey(v)) {
        throw new IllegalArgumentException("no value assigned to required variable " + v);
      }
    }
    Map<String, String> known = new LinkedHashMap<>();
    known.put("bundle.name", String.valueOf(map(bundle.get("bundle")).get("name")));
    known.put("bundle.target", name);
    known.put("workspace.current_user.userName", USER);
    known.put("workspace.current_user.short_name", SHORT_NAME);
    Map<String, Object> scope = new LinkedHashMap<>(bundle);
    scope.put("targets", target);
    return map(interpolate(scope, values, known, 0));
  }

  private Object interpolate(
      Object node, Map<String, Object> vars, Map<String, String> known, int depth) {
    if (node instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put((String) k, interpolate(v, vars, known, depth)));
      return out;
    }
    if (node instanceof List<?> l) {
      return l.stream().map(v -> interpolate(v, vars, known, depth)).toList();
    }
    if (!(node instanceof String s) || depth > 10) {
      return node;
    }
    Matcher m = REF.matcher(s);
    if (m.matches() && m.group(1).startsWith("var.")) {
      // A whole-value reference keeps the variable's type, as the CLI's does.
      return interpolate(value(m.group(1).substring(4), vars), vars, known, depth + 1);
    }
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String ref = m.group(1);
      String with =
          ref.startsWith("var.")
              ? String.valueOf(interpolate(value(ref.substring(4), vars), vars, known, depth + 1))
              : known.getOrDefault(ref, m.group());
      m.appendReplacement(out, Matcher.quoteReplacement(with));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static Object value(String name, Map<String, Object> vars) {
    if (!vars.containsKey(name)) {
      throw new IllegalArgumentException("reference does not exist: ${var." + name + "}");
    }
    return vars.get(name);
  }

  private static boolean blank(Object o) {
    return o == null || String.valueOf(o).isBlank();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  private static List<Object> list(Object o) {
    return o instanceof List<?> l ? List.copyOf(l) : List.of();
  }
}
