package jaguar.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tailored-nets figures: the Pareto frontier, and the files made from the two CSVs. */
class TailoredNetsFiguresTest {
  @Test
  void frontierKeepsThePointsNoCheaperPointBeats() {
    List<double[]> f = TailoredNetsFigures.frontier(List.of(
        new double[] {1.0, 91.5}, new double[] {0.3, 90.5}, new double[] {0.5, 90.2}, new double[] {0.6, 91.0},
        new double[] {2.0, 91.4}));
    assertThat(f).extracting(p -> p[0]).containsExactly(0.3, 0.6, 1.0);
  }

  @Test
  void makesOneParetoFigurePerNetworkAndTheComparison(@TempDir Path dir) throws Exception {
    Path r = Files.createDirectories(dir.resolve("tn"));
    String head = "model,protocol,network,params,macs,relus,cross_convs,convs,top1_fp32,accuracy_images,top1_fp32_first,"
        + "top1_fixed_point,reference_images,images,online_s,comm_mib,server_conv_kernel_s,server_relu_s,gain_online,gain_comm,gain_conv_kernel";
    Files.write(r.resolve("tailored.csv"), List.of(head,
        "a-fmnist,jaguar-hybrid,lan,100,1000,50,0,3,0.91,10000,0.93,0.93,1000,40,0.30,5.8,0.02,0.2,1.0,1.0,1.0",
        "b-fmnist,jaguar-hybrid,lan,80,800,30,2,3,0.90,10000,0.92,0.92,1000,40,0.20,4.0,0.01,0.1,1.5,1.45,2.0",
        "a-fmnist,cheetah-ntt,lan,100,1000,50,0,3,0.91,10000,0.93,0.93,1000,40,0.66,13.0,0.08,0.5,1.0,1.0,1.0",
        "b-fmnist,cheetah-ntt,lan,80,800,30,2,3,0.90,10000,0.92,0.92,1000,40,0.55,9.0,0.08,0.4,1.2,1.44,1.0"));
    Files.write(r.resolve("gains.csv"), List.of("model,network,jaguar,baseline,jaguar_online_s,baseline_online_s,"
        + "jaguar_over_baseline,jaguar_gain,baseline_gain,gain_ratio,jaguar_kernel_gain,baseline_kernel_gain,kernel_gain_ratio",
        "b-fmnist,lan,jaguar-hybrid,cheetah-ntt,0.20,0.55,2.75,1.5,1.2,1.25,2.0,1.0,2.0"));
    List<Path> made = new TailoredNetsFigures().make(r, dir.resolve("fig"));
    assertThat(made).extracting(p -> p.getFileName().toString())
        .containsExactly("pareto_lan.png", "pareto_comm_lan.png", "comparison.md");
    String md = Files.readString(r.resolve("comparison.md"));
    assertThat(md).contains("| b-fmnist | jaguar-hybrid | 80 | 30 | 2 / 3 | 90.00 % | 92.00 % / 92.00 % (1000) | 0.200 | 4.00 |")
        .contains("| b-fmnist | jaguar-hybrid | cheetah-ntt | 2.75x | 1.50x | 1.20x | 1.25 |");
    assertThat(Files.size(dir.resolve("fig/pareto_lan.png"))).isPositive();
  }
}
