namespace Kullback.Learning.Calibration;

/// <summary>
/// Vector scaling (Guo et al. 2017, §4.2): per-class scales and biases, z′_ik = w_k·z_ik + b_k, fitted by minimising the
/// mean NLL (1/n)·Σᵢ [LSE(z′ᵢ) − z′_{i,yᵢ}], which is convex in (w, b). The biases are defined up to a common shift (softmax
/// ignores it), so the solver adds ½(Σ_k b_k)², which does not move the minimum value and makes the minimiser unique with
/// Σ_k b_k = 0. Newton steps on the exact gradient and Hessian (H = (1/n)·Σᵢ Jᵢᵀ(diag qᵢ − qᵢqᵢᵀ)Jᵢ, Jᵢ = ∂z′ᵢ/∂(w, b)),
/// with Armijo backtracking, from w = 1/T (temperature scaling's fit), b = 0.
/// </summary>
public static class VectorScaling
{
    private const int MaxIterations = 200;

    /// <summary>Fits (w, b) on logits (rows, classes) row-major and labels.</summary>
    /// <exception cref="ArgumentException">As <see cref="TemperatureScaling.Fit"/>, or a −∞ logit (a masked class has no scale).</exception>
    public static VectorScalingFit Fit(ReadOnlySpan<double> logits, int classes, ReadOnlySpan<int> labels)
    {
        int n = labels.Length;
        var temperature = TemperatureScaling.Fit(logits, classes, labels);
        for (int i = 0; i < logits.Length; i++)
            if (double.IsNegativeInfinity(logits[i]))
                throw new ArgumentException($"fit logits[{i / classes}, {i % classes}] = −∞: vector scaling needs finite logits", nameof(logits));
        int p = 2 * classes;
        var theta = new double[p];
        for (int k = 0; k < classes; k++) theta[k] = 1 / temperature.Temperature;
        var g = new double[p];
        var h = new double[p * p];
        var trial = new double[p];
        double f = Objective(logits, classes, labels, theta, g, h);
        int iterations = 0;
        for (; iterations < MaxIterations; iterations++)
        {
            var step = SolveDamped(h, g, p);
            double slope = 0;
            for (int j = 0; j < p; j++) slope -= g[j] * step[j];
            if (!(slope < 0)) break;                          // no descent left at rounding level
            double t = 1, ft;
            while (true)
            {
                for (int j = 0; j < p; j++) trial[j] = theta[j] - t * step[j];
                ft = Objective(logits, classes, labels, trial, null, null);
                if (ft <= f + 1e-4 * t * slope || t < 1e-12) break;
                t *= 0.5;
            }
            if (!(ft <= f)) break;
            double change = 0, size = 0;
            for (int j = 0; j < p; j++) { change = Math.Max(change, Math.Abs(trial[j] - theta[j])); size = Math.Max(size, Math.Abs(trial[j])); }
            Array.Copy(trial, theta, p);
            f = Objective(logits, classes, labels, theta, g, h);
            if (change <= 1e-13 * Math.Max(1, size)) break;
        }
        return new VectorScalingFit(theta[..classes], theta[classes..], temperature.NllBefore, Nll(logits, classes, labels, theta[..classes], theta[classes..]), iterations + 1);
    }

    /// <summary>z′_ik = w_k·z_ik + b_k for every row.</summary>
    public static double[] Apply(ReadOnlySpan<double> logits, ReadOnlySpan<double> scale, ReadOnlySpan<double> bias)
    {
        int classes = scale.Length;
        var z = new double[logits.Length];
        for (int i = 0; i < logits.Length; i++) z[i] = scale[i % classes] * logits[i] + bias[i % classes];
        return z;
    }

    /// <summary>Mean NLL of softmax(w ⊙ z + b) (nats).</summary>
    public static double Nll(ReadOnlySpan<double> logits, int classes, ReadOnlySpan<int> labels, ReadOnlySpan<double> scale, ReadOnlySpan<double> bias) =>
        TemperatureScaling.NegativeLogLikelihood(Apply(logits, scale, bias), classes, labels);

    /// <summary>f = NLL + ½(Σb)², with its gradient and Hessian when asked.</summary>
    private static double Objective(ReadOnlySpan<double> logits, int classes, ReadOnlySpan<int> labels, double[] theta, double[]? g, double[]? h)
    {
        int n = labels.Length, p = 2 * classes;
        var w = theta.AsSpan(0, classes);
        var b = theta.AsSpan(classes);
        double sumB = 0;
        foreach (var v in b) sumB += v;
        var z2 = Apply(logits, w, b);
        double f = TemperatureScaling.NegativeLogLikelihood(z2, classes, labels) + 0.5 * sumB * sumB;
        if (g is null || h is null) return f;
        Array.Clear(g);
        Array.Clear(h);
        var q = CalibrationInput.Softmax(z2, classes);
        for (int i = 0; i < n; i++)
        {
            var qi = q.AsSpan(i * classes, classes);
            var zi = logits.Slice(i * classes, classes);
            for (int k = 0; k < classes; k++)
            {
                double r = qi[k] - (labels[i] == k ? 1 : 0);
                g[k] += r * zi[k];
                g[classes + k] += r;
                for (int l = 0; l < classes; l++)
                {
                    double s = (k == l ? qi[k] : 0) - qi[k] * qi[l];
                    h[k * p + l] += zi[k] * s * zi[l];
                    h[k * p + classes + l] += zi[k] * s;
                    h[(classes + k) * p + l] += s * zi[l];
                    h[(classes + k) * p + classes + l] += s;
                }
            }
        }
        for (int j = 0; j < p; j++) g[j] /= n;
        for (int j = 0; j < p * p; j++) h[j] /= n;
        for (int k = 0; k < classes; k++)
        {
            g[classes + k] += sumB;
            for (int l = 0; l < classes; l++) h[(classes + k) * p + classes + l] += 1;
        }
        return f;
    }

    /// <summary>
    /// Solves H·x = g by Cholesky; when H is singular to rounding (near-one-hot predictions make Var_q tiny), adds μ·I,
    /// μ = 1e-12·trace(H)/p growing tenfold, as Levenberg–Marquardt does (the Armijo search keeps every step a descent).
    /// </summary>
    private static double[] SolveDamped(double[] h, double[] g, int p)
    {
        double trace = 0;
        for (int i = 0; i < p; i++) trace += h[i * p + i];
        double mu = 0;
        for (int attempt = 0; attempt < 40; attempt++)
        {
            var damped = (double[])h.Clone();
            for (int i = 0; i < p; i++) damped[i * p + i] += mu;
            var x = Solve(damped, g, p);
            if (x is not null) return x;
            mu = mu == 0 ? 1e-12 * Math.Max(trace / p, 1e-300) : mu * 10;
        }
        throw new ArgumentException("vector scaling: the NLL's Hessian is not positive definite even with damping (non-finite logits?)");
    }

    /// <summary>Solves H·x = g by Cholesky; null when H is not positive definite to rounding.</summary>
    private static double[]? Solve(double[] h, double[] g, int p)
    {
        var l = new double[p * p];
        for (int i = 0; i < p; i++)
            for (int j = 0; j <= i; j++)
            {
                double s = h[i * p + j];
                for (int k = 0; k < j; k++) s -= l[i * p + k] * l[j * p + k];
                if (i == j)
                {
                    if (!(s > 0)) return null;
                    l[i * p + i] = Math.Sqrt(s);
                }
                else l[i * p + j] = s / l[j * p + j];
            }
        var x = (double[])g.Clone();
        for (int i = 0; i < p; i++) { for (int k = 0; k < i; k++) x[i] -= l[i * p + k] * x[k]; x[i] /= l[i * p + i]; }
        for (int i = p - 1; i >= 0; i--) { for (int k = i + 1; k < p; k++) x[i] -= l[k * p + i] * x[k]; x[i] /= l[i * p + i]; }
        return x;
    }
}

/// <summary>Fitted vector scaling: z′ = Scale ⊙ z + Bias (Σ Bias = 0), and the fit set's NLL before and after.</summary>
/// <param name="Scale">w_k per class.</param>
/// <param name="Bias">b_k per class, summing to 0.</param>
/// <param name="NllBefore">Mean NLL of softmax(z) on the fit set.</param>
/// <param name="NllAfter">Mean NLL of softmax(w ⊙ z + b) on the fit set.</param>
/// <param name="Iterations">Newton iterations.</param>
public sealed record VectorScalingFit(double[] Scale, double[] Bias, double NllBefore, double NllAfter, int Iterations);
