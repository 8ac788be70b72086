package jaguar;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Keeps the package directions of ../shared/design/architecture.md. */
class ArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("jaguar");

  @Test
  void packagesOnlyUseThoseBelowThem() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .withOptionalLayers(true)
        .layer("math").definedBy("jaguar.math..")
        .layer("he").definedBy("jaguar.he..")
        .layer("conv").definedBy("jaguar.conv..")
        .layer("share").definedBy("jaguar.share..")
        .layer("net").definedBy("jaguar.net..")
        .layer("mpc").definedBy("jaguar.mpc..")
        .layer("nn").definedBy("jaguar.nn..")
        .layer("protocol").definedBy("jaguar.protocol..")
        .layer("experiment").definedBy("jaguar.experiment..")
        .layer("report").definedBy("jaguar.report..")
        .layer("cli").definedBy("jaguar.cli..")
        .layer("bench").definedBy("jaguar.bench..")
        .whereLayer("cli").mayNotBeAccessedByAnyLayer()
        .whereLayer("bench").mayNotBeAccessedByAnyLayer()
        .whereLayer("report").mayOnlyBeAccessedByLayers("cli")
        .whereLayer("experiment").mayOnlyBeAccessedByLayers("cli")
        .whereLayer("protocol").mayOnlyBeAccessedByLayers("experiment", "cli", "bench")
        .whereLayer("nn").mayOnlyBeAccessedByLayers("protocol", "experiment", "cli", "bench")
        .whereLayer("mpc").mayOnlyBeAccessedByLayers("protocol", "experiment", "cli", "bench")
        .whereLayer("net").mayOnlyBeAccessedByLayers("mpc", "protocol", "experiment", "cli", "bench")
        .whereLayer("share").mayOnlyBeAccessedByLayers("protocol", "experiment", "cli", "bench")
        .whereLayer("conv").mayOnlyBeAccessedByLayers("protocol", "experiment", "cli", "bench")
        .whereLayer("he").mayOnlyBeAccessedByLayers("conv", "share", "protocol", "experiment", "cli", "bench")
        .whereLayer("math")
        .mayOnlyBeAccessedByLayers("he", "conv", "share", "mpc", "nn", "protocol", "experiment", "cli", "bench")
        .check(CLASSES);
  }
}
