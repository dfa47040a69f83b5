package org.editrl.reward;

import java.util.LinkedHashMap;
import java.util.Map;
import org.editrl.core.RgbImage;
import org.editrl.core.UserError;
import org.editrl.reward.metrics.Psnr;
import org.editrl.reward.metrics.Ssim;
import org.editrl.world.EditMask;
import org.editrl.world.EditTask;

/**
 * Scores an edit against the task's ground-truth target image, from images alone (source S,
 * target T, edit mask m; never the scenes), so users' data with targets is judged the same way
 * as world tasks. Graded, not pass/fail: every term is continuous in the candidate C.
 *
 * <p>With {@code d(X,Y)_i = max(0, ‖X_i − Y_i‖ − ε)} the Euclidean RGB distance at pixel i less
 * a floor ε that hides 8-bit quantisation (C clamped to [0, 1] first), change scale δ and colour
 * tolerance τ ({@link Settings}):
 *
 * <pre>
 *   t_i = min(1, d(T,S)_i / δ)        how much the target changes pixel i
 *   c_i = min(1, d(C,S)_i / δ)        how much the candidate changes it
 *   overlap = Σ m_i·min(t_i,c_i) / Σ m_i·max(t_i,c_i)            (1 if nothing changes)
 *   D       = Σ w_i·d(C,T)_i / Σ w_i,  w_i = m_i·max(t_i,c_i)   (error where anything changes)
 *   colour  = exp(−D / τ)
 *   SC      = colour · overlap                                  instruction following, in the mask
 *   X       = m·S + (1−m)·C                                     the candidate with the edit region reset
 *   psnr    = PSNR(X, S) over weights 1−m;  ssim = mean SSIM map of (X, S) over weights 1−m
 *   PQ      = sqrt(clamp((psnr − 10)/(40 − 10)) · max(0, ssim))   preservation, outside the mask
 *   reward  = sqrt(SC · PQ)                                     as VIEScore's O = sqrt(SC·PQ)
 * </pre>
 *
 * Resetting the edit region before the SSIM keeps the edit itself out of the windows of pixels
 * just outside the mask, so a perfect edit preserves perfectly. When the mask covers the whole
 * image (a background change) there is nothing to preserve and PQ = 1. Without a mask in the
 * task, the mask is the pixels where T and S differ by more than 2/255 in some channel,
 * dilated by one pixel. A task without a target cannot be judged ({@link UserError}).
 */
public final class VerifiableJudge implements Judge {
  public static final String NAME = "verifiable";

  /**
   * @param floor ε: RGB distances up to this count as none (8-bit rounding moves a pixel by at
   *     most √3/510 ≈ 0.0034)
   * @param changeScale δ: an RGB distance at which a pixel counts as fully changed
   * @param colourTolerance τ: the mean colour error that scales colour by 1/e
   * @param psnrFloorDb PSNR that maps to preservation 0
   * @param psnrCeilDb PSNR that maps to preservation 1 (≈ invisible differences)
   */
  public record Settings(double floor, double changeScale, double colourTolerance, double psnrFloorDb,
      double psnrCeilDb) {
    public Settings {
      if (!(floor >= 0) || !(changeScale > 0) || !(colourTolerance > 0) || !(psnrCeilDb > psnrFloorDb)) {
        throw new IllegalArgumentException("bad verifiable judge settings");
      }
    }

    public static Settings defaults() {
      return new Settings(0.01, 0.1, 0.15, 10.0, 40.0);
    }
  }

  /** Per-channel difference above which a pixel is inside a mask derived from S and T. */
  static final float DERIVED_MASK_THRESHOLD = 2f / 255f;

  private final Settings settings;

  public VerifiableJudge() {
    this(Settings.defaults());
  }

  public VerifiableJudge(Settings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return NAME;
  }

  public Settings settings() {
    return settings;
  }

  @Override
  public JudgeResult score(EditTask task, RgbImage candidate) {
    if (!task.hasTarget()) {
      throw new UserError("the verifiable judge needs a target image, but task " + task.id()
          + " has none (add \"target\" to its manifest row)");
    }
    if (candidate.width() != task.width() || candidate.height() != task.height()) {
      throw new UserError("candidate for task " + task.id() + " is " + candidate.width() + "x"
          + candidate.height() + " but the task's images are " + task.width() + "x" + task.height());
    }
    for (float v : candidate.data()) {
      if (!Float.isFinite(v)) {
        throw new IllegalArgumentException("candidate for task " + task.id() + " has non-finite values");
      }
    }
    RgbImage s = task.source();
    RgbImage t = task.target();
    EditMask mask = task.hasMask() ? task.mask()
        : EditMask.fromDifference(s, t, DERIVED_MASK_THRESHOLD).dilate(1);
    int n = task.width() * task.height();
    float[] m = mask.values();
    float[] ds = s.data();
    float[] dt = t.data();
    float[] dc = candidate.clamped().data();

    // instruction following, inside the mask
    double inter = 0;
    double union = 0;
    double errSum = 0;
    for (int i = 0; i < n; i++) {
      if (m[i] == 0f) {
        continue;
      }
      double ti = Math.min(1.0, dist(dt, ds, i, n) / settings.changeScale());
      double ci = Math.min(1.0, dist(dc, ds, i, n) / settings.changeScale());
      double hi = Math.max(ti, ci);
      inter += m[i] * Math.min(ti, ci);
      union += m[i] * hi;
      errSum += m[i] * hi * dist(dc, dt, i, n);
    }
    boolean anyChange = union > 1e-9;
    double overlap = anyChange ? inter / union : 1.0;
    double colourError = anyChange ? errSum / union : 0.0;
    double colour = Math.exp(-colourError / settings.colourTolerance());
    double sc = colour * overlap;

    // preservation, outside the mask
    double[] outside = new double[n];
    double outsideArea = 0;
    for (int i = 0; i < n; i++) {
      outside[i] = 1.0 - m[i];
      outsideArea += outside[i];
    }
    double psnrDb = Psnr.MAX_DB;
    double ssim = 1.0;
    double pq = 1.0;
    if (outsideArea >= 1.0) {
      float[] reset = new float[3 * n];
      for (int c = 0; c < 3; c++) {
        for (int i = 0; i < n; i++) {
          reset[c * n + i] = m[i] * ds[c * n + i] + (1f - m[i]) * dc[c * n + i];
        }
      }
      RgbImage x = new RgbImage(task.width(), task.height(), reset);
      psnrDb = Psnr.psnr(x, s, outside);
      ssim = Ssim.weightedMean(Ssim.map(x, s), outside);
      double psnrScore = clamp01((psnrDb - settings.psnrFloorDb())
          / (settings.psnrCeilDb() - settings.psnrFloorDb()));
      pq = Math.sqrt(psnrScore * Math.max(0.0, ssim));
    }

    double reward = clamp01(Math.sqrt(sc * pq));
    Map<String, Double> subs = new LinkedHashMap<>();
    subs.put("instruction", sc);
    subs.put("colour", colour);
    subs.put("overlap", overlap);
    subs.put("preservation", pq);
    subs.put("psnr_db", psnrDb);
    subs.put("ssim", ssim);
    subs.put("mask_fraction", mask.fraction());
    return new JudgeResult(reward, subs);
  }

  /** {@code d(a,b)_i}: Euclidean RGB distance at pixel i, less the floor ε. */
  private double dist(float[] a, float[] b, int i, int n) {
    double r = a[i] - b[i];
    double g = a[n + i] - b[n + i];
    double bl = a[2 * n + i] - b[2 * n + i];
    return Math.max(0.0, Math.sqrt(r * r + g * g + bl * bl) - settings.floor());
  }

  private static double clamp01(double v) {
    return Math.max(0.0, Math.min(1.0, v));
  }
}
