package dev.progress.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The module exports the API (with its analytics) and the SPI only: the engine stays an implementation detail. */
class ModuleExportsTest {

  static ModuleDescriptor descriptorOf(Class<?> anyClassOfTheModule) throws IOException, URISyntaxException {
    Path classes = Path.of(anyClassOfTheModule.getProtectionDomain().getCodeSource().getLocation().toURI());
    try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
      return ModuleDescriptor.read(in);
    }
  }

  @Test
  void core_exportsApiAnalyticsAndSpiOnly() throws Exception {
    ModuleDescriptor core = descriptorOf(ProgressTracker.class);

    assertThat(core.name()).isEqualTo("dev.progress.core");
    assertThat(core.exports().stream().map(e -> e.source() + (e.isQualified() ? " to " + e.targets() : ""))
            .collect(Collectors.toSet()))
        .containsExactlyInAnyOrder("dev.progress.core", "dev.progress.core.spi", "dev.progress.core.analytics");
    assertThat(core.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder("java.base", "org.slf4j", "org.jspecify");
  }
}
