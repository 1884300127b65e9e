package dev.progress.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The module exports its API package only; everything else in it stays an implementation detail. */
class ModuleExportsTest {

  @Test
  void exportsItsApiPackageOnly() throws Exception {
    Path classes = Path.of(ProgressJson.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    ModuleDescriptor module;
    try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
      module = ModuleDescriptor.read(in);
    }

    assertThat(module.name()).isEqualTo("dev.progress.json");
    assertThat(module.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()))
        .containsExactly("dev.progress.json");
    assertThat(module.exports()).noneMatch(ModuleDescriptor.Exports::isQualified);
  }
}
