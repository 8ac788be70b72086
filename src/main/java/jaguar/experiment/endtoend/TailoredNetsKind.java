package jaguar.experiment.endtoend;

import jaguar.experiment.ConfigNode;
import jaguar.experiment.Experiment;
import jaguar.experiment.ExperimentKind;
import jaguar.nn.ModelZoo;

/**
 * {@code kind: tailored-nets}: accuracy against private-inference latency and bytes of the trained
 * Fashion-MNIST models, the reference ones and the HE-tailored ones ({@link ModelZoo#TAILORED}),
 * under Jaguar and the baselines, and how much each design gains under each protocol over a
 * baseline model. Every field of {@code kind: end-to-end} (one vectorisation, one thread count),
 * plus:
 *
 * <pre>
 * models: [resnet8-fmnist, mobilenetv2-fmnist, resnet8-cross-fmnist, strianet-fmnist-s, strianet-fmnist, strianet-fmnist-l]
 * baseline: resnet8-fmnist        # the model the gains are over (one of models)
 * accuracy_images: 10000          # FP32 top-1 on the first test images
 * reference_images: 1000          # the fixed-point reference's top-1 (each protocol's ring) on the first test images
 * </pre>
 */
public final class TailoredNetsKind implements ExperimentKind {
  @Override
  public String name() {
    return "tailored-nets";
  }

  @Override
  public String description() {
    return "HE-tailored Fashion-MNIST networks (cross kernels, ciphertext-filling widths): accuracy vs private latency and bytes per protocol";
  }

  @Override
  public Experiment parse(ConfigNode c) {
    String baseline = c.choice("baseline", "resnet8-fmnist", ModelZoo.SMALL);
    int accuracy = c.integer32("accuracy_images", 10_000, 1, 10_000);
    int reference = c.integer32("reference_images", 1_000, 1, 10_000);
    EndToEndSettings s = EndToEndKind.settings(c, ModelZoo.SMALL);
    for (String m : s.models()) {
      if (!ModelZoo.SMALL.contains(m)) {
        throw c.error("models", m, "the Fashion-MNIST models " + String.join(", ", ModelZoo.SMALL));
      }
    }
    if (!s.models().contains(baseline)) {
      throw c.error("baseline", baseline, "one of models " + s.models());
    }
    if (s.vectorisations().size() != 1 || s.threads().size() != 1) {
      throw c.error("vectorisation", s.vectorisations().size() + " vectorisation(s) and " + s.threads().size() + " thread count(s)",
          "one of each (the gains compare models within one setting)");
    }
    c.finish();
    return new TailoredNetsExperiment(s, baseline, accuracy, reference);
  }
}
