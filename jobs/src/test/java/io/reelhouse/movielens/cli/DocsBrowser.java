package io.reelhouse.movielens.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium from Debian's {@code chromium} and {@code chromium-driver} packages (which
 * .ci/run installs), driven by Selenium. The driver binary is named explicitly so Selenium Manager
 * never tries to download one.
 */
final class DocsBrowser implements AutoCloseable {
  static final Path CHROMIUM = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
  static final Path DRIVER =
      Path.of(System.getProperty("chromium.driver", "/usr/bin/chromedriver"));

  private final Path profile;
  private final ChromeDriver driver;

  /** Skips the calling test, saying what to install, when the browser is not on this machine. */
  static void assumeAvailable() {
    Assumptions.assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
        "browser test skipped: needs "
            + CHROMIUM
            + " and "
            + DRIVER
            + " (apt-get install chromium chromium-driver; .ci/run installs them)");
  }

  DocsBrowser() throws IOException {
    profile = Files.createTempDirectory("reelhouse-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox", // CI runs as root, where Chromium's sandbox refuses to start
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    driver.manage().window().setSize(new Dimension(1400, 1000));
  }

  ChromeDriver driver() {
    return driver;
  }

  /** Saves a PNG of the current page. */
  void screenshot(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Saves a PNG of one element (scrolled into view). */
  void screenshot(org.openqa.selenium.WebElement element, Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.write(file, element.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary profile is harmless
    }
  }
}
