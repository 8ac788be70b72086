package jaguar.experiment.convbench;

import jaguar.conv.ConvPlan;
import jaguar.conv.ConvProtocol;
import jaguar.conv.ConvShape;
import jaguar.conv.ConvType;
import jaguar.conv.ConvWork;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel cost model of paper Table 1 / Appendix I: operation counts of one server-side
 * convolution and the 64-bit multiplications they take, with <b>one modular product = 3</b> 64-bit
 * multiplications (the product and two for the Barrett/Montgomery/Shoup reduction) and one SPA-Conv
 * multiply-add = 1 (no reduction: arithmetic wraps mod 2^64 and is masked once). Conventions:
 *
 * <ul>
 *   <li>an NTT of length N is N/2 log2 N butterflies, one modular product each;
 *   <li>a pointwise product is N modular products (one limb, one component);
 *   <li>a monomial product (SEAL's no-NTT path) is 2 components x L limbs x N modular products;
 *   <li>an SPA-Conv term is 2N multiply-adds (both components);
 *   <li>a rotation (Galois automorphism with SEAL-style key switching, L limbs plus one special
 *       prime, ciphertext in NTT form) is L + L(L+1) + 2(L+1) + 2L NTTs and 2L(L+1) + 2L
 *       pointwise products (18 and 16 at L = 2);
 *   <li>a SIMD plaintext product on an NTT-form ciphertext is 2L pointwise products.
 * </ul>
 *
 * Measured protocols are counted from their kernels' {@link ConvWork}; {@link #planWork} gives the
 * same counts from a plan alone (every weight nonzero). The analytical baselines are estimates
 * from the shape, each for the convolution type the paper compares it on: Gazelle (dense), Rhombus
 * (pointwise), Falcon (depthwise); their formulas are in the README.
 */
final class ConvCostModel {
  /** Ring and limbs of the analytical baselines: Cheetah's (N = 4096, primes of 60 + 49 bits). */
  static final int N = 4096;
  static final int LIMBS = 2;

  private ConvCostModel() {}

  /** The counts of one method on one shape. */
  record Cost(
      String method, int degree, int limbs, long scalarPolyProducts, long plainProducts,
      long monomialProducts, long rotations, long ntts, long pointwiseProducts, long ciphertextsIn,
      long ciphertextsOut, String formula, long multiplyAdds) {
    /** A cost whose scalar-polynomial products are 2N multiply-adds each. */
    Cost(
        String method, int degree, int limbs, long scalarPolyProducts, long plainProducts,
        long monomialProducts, long rotations, long ntts, long pointwiseProducts, long ciphertextsIn,
        long ciphertextsOut, String formula) {
      this(method, degree, limbs, scalarPolyProducts, plainProducts, monomialProducts, rotations, ntts,
          pointwiseProducts, ciphertextsIn, ciphertextsOut, formula, 2L * degree * scalarPolyProducts);
    }

    /** 64-bit multiplications under the conventions above. */
    double mults64() {
      double butterflies = degree / 2.0 * Integer.numberOfTrailingZeros(degree);
      return (double) multiplyAdds
          + 3.0 * (ntts * butterflies + (double) pointwiseProducts * degree
              + (double) monomialProducts * 2 * limbs * degree);
    }
  }

  /** The cost of a measured kernel from its work counts. */
  static Cost measured(String method, int degree, int limbs, ConvWork w, ConvPlan plan) {
    return new Cost(method, degree, limbs, w.terms(), w.products(), w.monomialProducts(), 0,
        w.forwardNtts() + w.inverseNtts(), w.pointwiseProducts(), plan.ciphertextsIn(),
        plan.ciphertextsOut(), "counted by the kernel", w.multiplyAdds());
  }

  /**
   * The work a kernel over all output channels does when every weight is nonzero, from the plan
   * alone (equal to the kernel's {@link jaguar.conv.HomConv#work()} then).
   */
  static ConvWork planWork(ConvPlan plan, int limbs) {
    int n = plan.degree();
    long twoL = 2L * limbs;
    switch (plan.protocol()) {
      case JAGUAR:
        return new ConvWork(plan.taps(), plan.taps() / plan.tiles() * ((long) plan.tiles() * n + plan.c0Coefficients()),
            0, 0, 0, 0, 0, 0);
      case CHEETAH: {
        long ntt = plan.products() - plan.monomialProducts();
        return new ConvWork(0, 0, ntt, plan.monomialProducts(), ntt * (twoL + limbs), ntt * twoL, ntt * twoL, 0);
      }
      case CHEETAH_NTT: { // monomial blocks in normal form: their inputs and outputs need no transform
        boolean[] block = new boolean[plan.blocks()];
        long outputs = 0;
        for (int m = 0; m < plan.shape().co(); m++) {
          boolean any = false;
          for (int b = plan.firstBlock(m); b <= plan.lastBlock(m); b++) {
            if (!plan.monomialBlock(m, b)) {
              block[b] = true;
              any = true;
            }
          }
          outputs += any ? plan.tiles() : 0;
        }
        long inputs = 0;
        for (boolean b : block) {
          inputs += b ? plan.tiles() : 0;
        }
        long ntt = plan.products() - plan.monomialProducts();
        return new ConvWork(0, 0, ntt, plan.monomialProducts(), inputs * twoL, outputs * twoL, ntt * twoL,
            ntt / plan.tiles() * limbs);
      }
      case JAGUAR_NTT: { // two CRT primes whatever the ciphertext's limbs; c0 maybe by SPA-Conv
        long c = plan.spaC0() ? 2 : 4; // transforms (or pointwise products) per ciphertext (or product)
        long terms = plan.spaC0() ? plan.taps() : 0;
        long mas = plan.spaC0() ? plan.taps() / plan.tiles() * plan.c0Coefficients() : 0;
        return new ConvWork(terms, mas, plan.products(), 0, plan.ciphertextsIn() * c, plan.ciphertextsOut() * c,
            plan.products() * c, plan.products() / plan.tiles() * 2);
      }
      default:
        throw new IllegalArgumentException(plan.protocol().toString());
    }
  }

  /** NTTs of one rotation (key switching) at L limbs. */
  static long rotationNtts(int limbs) {
    return limbs + (long) limbs * (limbs + 1) + 2L * (limbs + 1) + 2L * limbs;
  }

  /** Pointwise products of one rotation at L limbs. */
  static long rotationPointwise(int limbs) {
    return 2L * limbs * (limbs + 1) + 2L * limbs;
  }

  /** The analytical baseline for the shape's type: Gazelle, Rhombus or Falcon (none for grouped). */
  static List<Cost> analytical(ConvShape s) {
    List<Cost> out = new ArrayList<>();
    ConvType type = s.type();
    if (type == ConvType.DENSE) {
      out.add(gazelle(s));
    } else if (type == ConvType.POINTWISE) {
      out.add(rhombus(s));
    } else if (type == ConvType.DEPTHWISE) {
      out.add(falcon(s));
    }
    return out;
  }

  /** Padded input size of one channel: (H + 2 pad) x (W + 2 pad). */
  private static long padded(ConvShape s) {
    return (long) (s.h() + 2 * s.pad()) * (s.w() + 2 * s.pad());
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  /**
   * Gazelle (Juvekar et al., USENIX Security 2018, Section 5.2), SIMD (batched) encoding, MIMO
   * convolution with output rotations: c_n = floor(N / S) padded channels of S slots per
   * ciphertext (c_n = 1 and ceil(S / N) tiles when a channel is larger), tap rotations of each
   * input ciphertext, one plaintext product per (input ct, output ct, channel diagonal, tap), and
   * c_n - 1 rotations per output ciphertext to line up the diagonals.
   */
  static Cost gazelle(ConvShape s) {
    long size = padded(s);
    long cn = Math.max(1, N / size);
    long tiles = size > N ? ceilDiv(size, N) : 1;
    long in = tiles * ceilDiv(s.ci(), cn);
    long outCts = tiles * ceilDiv(s.co(), cn);
    long kk = (long) s.k() * s.k();
    long rotations = in * (kk - 1) + outCts * (cn - 1);
    long products = tiles * ceilDiv(s.ci(), cn) * ceilDiv(s.co(), cn) * cn * kk;
    long ntts = rotations * rotationNtts(LIMBS) + (in + outCts) * 2L * LIMBS;
    long pointwise = rotations * rotationPointwise(LIMBS) + products * 2L * LIMBS;
    return new Cost("gazelle", N, LIMBS, 0, products, 0, rotations, ntts, pointwise, in, outCts,
        "c_n=" + cn + " tiles=" + tiles + ": rot = in*(k^2-1) + out*(c_n-1); products = in/tiles*out/tiles*tiles*c_n*k^2");
  }

  /**
   * Rhombus (He et al., CCS 2024) on a pointwise convolution, read as the (co x ci) by (ci x HW)
   * matrix product in Cheetah's coefficient encoding: c = floor(N / HW) channels per ciphertext,
   * one NTT-form plaintext product per (input ct, output channel), then PackRLWEs merges the
   * co x tiles output ciphertexts (HW useful coefficients each) into ceil(co HW / N) with one
   * automorphism per ciphertext merged away.
   */
  static Cost rhombus(ConvShape s) {
    long hw = (long) s.h() * s.w();
    long c = Math.max(1, N / hw);
    long tiles = hw > N ? ceilDiv(hw, N) : 1;
    long in = tiles * ceilDiv(s.ci(), c);
    long products = in * s.co();
    long unpacked = tiles * s.co();
    long packed = Math.min(unpacked, ceilDiv((long) s.co() * hw, N));
    long rotations = unpacked - packed;
    long ntts = rotations * rotationNtts(LIMBS) + (in + packed) * 2L * LIMBS;
    long pointwise = rotations * rotationPointwise(LIMBS) + products * 2L * LIMBS;
    return new Cost("rhombus", N, LIMBS, 0, products, 0, rotations, ntts, pointwise, in, packed,
        "c=" + c + " tiles=" + tiles + ": products = in*co; rot (PackRLWEs) = co*tiles - ceil(co*HW/N)");
  }

  /**
   * Falcon (Xu et al., ICCAD 2023) on a depthwise convolution: zero-aware packing puts every
   * channel's filter of a block into one plaintext, with channels spaced 2 S apart so the cross
   * terms land in unused coefficients: c_f = floor(N / (2 S)) channels per ciphertext, one NTT-form
   * plaintext product per input ciphertext, as many output ciphertexts, no rotation.
   */
  static Cost falcon(ConvShape s) {
    long size = padded(s);
    long cf = Math.max(1, N / (2 * size));
    long tiles = 2 * size > N ? ceilDiv(2 * size, N) : 1;
    long in = tiles * ceilDiv(s.ci(), cf);
    long ntts = 2L * in * 2L * LIMBS;
    long pointwise = in * 2L * LIMBS;
    return new Cost("falcon", N, LIMBS, 0, in, 0, 0, ntts, pointwise, in, in,
        "c_f=" + cf + " tiles=" + tiles + ": products = in = out cts");
  }

  /** The protocol a plan-based estimate knows, or null. */
  static ConvProtocol knownProtocol(String name) {
    for (ConvProtocol p : ConvProtocol.values()) {
      if (p.label().equals(name)) {
        return p;
      }
    }
    return null;
  }
}
