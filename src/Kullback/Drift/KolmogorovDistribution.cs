using MathNet.Numerics;

namespace Kullback.Drift;

/// <summary>
/// Survival function of the two-sided one-sample Kolmogorov–Smirnov statistic Dₙ = supₓ |Fₙ(x) − F(x)|:
/// Pr(Dₙ ≥ d), computed as SciPy's <c>scipy.stats.kstwo.sf(d, n)</c> (Simard &amp; L'Ecuyer 2011): Ruben–Gambino
/// closed forms at the ends, the Durbin matrix (Marsaglia–Tsang–Wang), the Pomeranz recursion, the Pelz–Good
/// expansion and 2·Smirnov in the tail, switched on n and n·d² at SciPy's cut-offs.
/// </summary>
public static class KolmogorovDistribution
{
    private const int E128 = 128;
    private static readonly double Ep128 = Math.ScaleB(1.0, E128);
    private static readonly double Em128 = Math.ScaleB(1.0, -E128);

    /// <summary>Pr(Dₙ ≥ d) for the two-sided statistic of a sample of size n.</summary>
    /// <param name="n">Sample size, n ≥ 1.</param>
    /// <param name="d">Statistic value.</param>
    /// <returns>The survival probability in [0, 1].</returns>
    /// <exception cref="ArgumentOutOfRangeException">n &lt; 1 or d is NaN.</exception>
    public static double Survival(int n, double d)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        if (double.IsNaN(d)) throw new ArgumentOutOfRangeException(nameof(d), "d is NaN");
        if (d >= 1.0) return 0.0;
        if (d <= 0.0) return 1.0;
        double t = n * d;
        if (t <= 1.0)
        {
            if (t <= 0.5) return 1.0;
            double prob;
            if (n <= 140)
            {
                prob = 1.0;
                for (int i = 1; i <= n; i++) prob *= i * (1.0 / n) * (2 * t - 1);
            }
            else prob = Math.Exp(LogFactorialOverPower(n) + n * Math.Log(2 * t - 1));
            return Clip(1.0 - prob);
        }
        if (t >= n - 1) return Clip(2 * Math.Pow(1.0 - d, n));
        if (d >= 0.5) return Clip(2 * Smirnov.Survival(n, d));
        double nxSquared = t * d;
        if (n <= 140)
        {
            if (nxSquared <= 0.754693) return Clip(1.0 - Durbin(n, d));
            if (nxSquared <= 4) return Clip(1.0 - Pomeranz(n, d));
            return Clip(2 * Smirnov.Survival(n, d));
        }
        if (nxSquared >= 370.0) return 0.0;
        if (nxSquared >= 2.2) return Clip(2 * Smirnov.Survival(n, d));
        double cdf;
        if (nxSquared >= 18.0) cdf = 1.0;
        else if (n <= 100000 && n * Math.Pow(d, 1.5) <= 1.4) cdf = Durbin(n, d);
        else cdf = PelzGood(n, d);
        return Clip(1.0 - cdf);
    }

    private static double Clip(double p) => p < 0 ? 0 : p > 1 ? 1 : p;

    /// <summary>log(n!/nⁿ) by Stirling's series with n·log n removed up front (SciPy's _log_nfactorial_div_n_pow_n).</summary>
    private static double LogFactorialOverPower(int n)
    {
        ReadOnlySpan<double> c = [-2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3, 8.4175084175084175084e-4,
            -5.952380952380952381e-4, 7.9365079365079365079e-4, -2.7777777777777777778e-3, 8.3333333333333333333e-2];
        double rn = 1.0 / n, x = rn / n, poly = 0;
        foreach (double ci in c) poly = poly * x + ci;
        return Math.Log(n) / 2 - n + Math.Log(2 * Math.PI) / 2 + rn * poly;
    }

    /// <summary>Pr(Dₙ ≤ d) by the Durbin matrix, H^n by repeated squaring with power-of-two rescaling (Marsaglia, Tsang, Wang 2003).</summary>
    private static double Durbin(int n, double d)
    {
        if (d >= 1.0) return 1.0;
        double nd = n * d;
        if (nd <= 0.5) return 0.0;
        int k = (int)Math.Ceiling(nd);
        double h = k - nd;
        int m = 2 * k - 1;
        var v = new double[m];
        var w = new double[m];
        double fac = 1.0;
        for (int j = 1; j <= m; j++)
        {
            v[j - 1] = 1.0 - Math.Pow(h, j);
            w[j - 1] = fac;
            fac /= j;
            v[j - 1] *= fac;
        }
        double tt = Math.Pow(Math.Max(2 * h - 1.0, 0), m) - 2 * Math.Pow(h, m);
        v[m - 1] = (1.0 + tt) * fac;
        var H = new double[m * m];
        for (int i = 1; i < m; i++)
            for (int r = i - 1; r < m; r++) H[r * m + i] = w[r - (i - 1)];
        for (int r = 0; r < m; r++) H[r * m] = v[r];
        for (int c = 0; c < m; c++) H[(m - 1) * m + c] = v[m - 1 - c];
        var P = new double[m * m];
        for (int i = 0; i < m; i++) P[i * m + i] = 1.0;
        var tmp = new double[m * m];
        int nn = n, expnt = 0, hExpnt = 0;
        while (nn > 0)
        {
            if (nn % 2 == 1)
            {
                MatMul(P, H, tmp, m);
                (P, tmp) = (tmp, P);
                expnt += hExpnt;
            }
            MatMul(H, H, tmp, m);
            (H, tmp) = (tmp, H);
            hExpnt *= 2;
            if (Math.Abs(H[(k - 1) * m + k - 1]) > Ep128)
            {
                for (int i = 0; i < H.Length; i++) H[i] /= Ep128;
                hExpnt += E128;
            }
            nn /= 2;
        }
        double p = P[(k - 1) * m + k - 1];
        for (int i = 1; i <= n; i++)
        {
            p = i * p / n;
            if (Math.Abs(p) < Em128)
            {
                p *= Ep128;
                expnt -= E128;
            }
        }
        if (expnt != 0) p = Math.ScaleB(p, expnt);
        return Clip(p);
    }

    private static void MatMul(double[] a, double[] b, double[] c, int m)
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < m; j++)
            {
                double s = 0;
                for (int l = 0; l < m; l++) s += a[i * m + l] * b[l * m + j];
                c[i * m + j] = s;
            }
    }

    private static (int J1, int J2) PomeranzBounds(int i, int n, int ll, int ceilf, int roundf)
    {
        int j1, j2;
        if (i == 0) (j1, j2) = (-ll - ceilf - 1, ll + ceilf - 1);
        else
        {
            int ip1div2 = (i + 1) / 2, ip1mod2 = (i + 1) % 2;
            if (ip1mod2 == 0)
            {
                if (ip1div2 == n + 1) (j1, j2) = (n - ll - ceilf - 1, n + ll + ceilf - 1);
                else (j1, j2) = (ip1div2 - 1 - ll - roundf - 1, ip1div2 + ll - 1 + ceilf - 1);
            }
            else (j1, j2) = (ip1div2 - 1 - ll - 1, ip1div2 + ll + roundf - 1);
        }
        return (Math.Max(j1 + 2, 0), Math.Min(j2, n));
    }

    /// <summary>Pr(Dₙ ≤ d) by the Pomeranz (1974) recursion of Poisson convolutions, rescaled against underflow.</summary>
    private static double Pomeranz(int n, double x)
    {
        double t = n * x;
        int ll = (int)Math.Floor(t);
        double f = t - ll, g = Math.Min(f, 1.0 - f);
        int ceilf = f > 0 ? 1 : 0, roundf = f > 0.5 ? 1 : 0;
        int npwrs = 2 * (ll + 1);
        var gpower = new double[npwrs];
        var twogpower = new double[npwrs];
        var onem2gpower = new double[npwrs];
        gpower[0] = twogpower[0] = onem2gpower[0] = 1.0;
        int expnt = 0;
        double gOverN = g / n, twoGOverN = 2 * g / n, oneMinusTwoGOverN = (1 - 2 * g) / n;
        for (int m = 1; m < npwrs; m++)
        {
            gpower[m] = gpower[m - 1] * gOverN / m;
            twogpower[m] = twogpower[m - 1] * twoGOverN / m;
            onem2gpower[m] = onem2gpower[m - 1] * oneMinusTwoGOverN / m;
        }
        var V0 = new double[npwrs];
        var V1 = new double[npwrs];
        V1[0] = 1;
        int v0s = 0, v1s = 0;
        var (j1, j2) = PomeranzBounds(0, n, ll, ceilf, roundf);
        for (int i = 1; i < 2 * n + 2; i++)
        {
            int k1 = j1;
            (V0, V1) = (V1, V0);
            (v0s, v1s) = (v1s, v0s);
            Array.Clear(V1);
            (j1, j2) = PomeranzBounds(i, n, ll, ceilf, roundf);
            double[] pwrs = i == 1 || i == 2 * n + 1 ? gpower : i % 2 == 1 ? twogpower : onem2gpower;
            int ln2 = j2 - k1 + 1;
            if (ln2 > 0)
            {
                // conv = np.convolve(V0[k1 − V0s : k1 − V0s + ln2], pwrs[:ln2]); only entries [j1 − k1, j2 − k1] are kept.
                int start = k1 - v0s;
                int convStart = j1 - k1, convLen = j2 - j1 + 1;
                for (int c = 0; c < convLen; c++)
                {
                    int idx = convStart + c;
                    double s = 0;
                    for (int a = Math.Max(0, idx - (ln2 - 1)); a <= Math.Min(idx, ln2 - 1); a++)
                    {
                        int src = start + a;
                        double va = src >= 0 && src < npwrs ? V0[src] : 0.0;
                        s += va * pwrs[idx - a];
                    }
                    V1[c] = s;
                }
                double max = double.NegativeInfinity;
                foreach (double val in V1) max = Math.Max(max, val);
                if (max > 0 && max < Em128)
                {
                    for (int c = 0; c < V1.Length; c++) V1[c] *= Ep128;
                    expnt -= E128;
                }
                v1s = v0s + j1 - k1;
            }
        }
        double ans = V1[n - v1s];
        for (int m = 1; m <= n; m++)
        {
            if (Math.Abs(ans) > Ep128)
            {
                ans *= Em128;
                expnt += E128;
            }
            ans *= m;
        }
        if (expnt != 0) ans = Math.ScaleB(ans, expnt);
        return Clip(ans);
    }

    /// <summary>Pr(Dₙ ≤ d) by the Pelz–Good (1976) expansion K₀ + K₁/√n + K₂/n + K₃/n^{3/2} in z = d√n.</summary>
    private static double PelzGood(int n, double x)
    {
        if (x <= 0.0) return 0.0;
        if (x >= 1.0) return 1.0;
        double pi2 = Math.PI * Math.PI, pi4 = pi2 * pi2, pi6 = pi4 * pi2;
        double z = Math.Sqrt(n) * x;
        double z2 = z * z, z3 = z2 * z, z4 = z2 * z2, z6 = z4 * z2;
        double qlog = -pi2 / 8 / z2;
        if (qlog < -708) return 0.0;
        double q = Math.Exp(qlog);
        double k1a = -z2, k1b = pi2 / 4;
        double k2a = 6 * z6 + 2 * z4, k2b = (2 * z4 - 5 * z2) * pi2 / 4, k2c = pi4 * (1 - 2 * z2) / 16;
        double k3d = pi6 * (5 - 30 * z2) / 64, k3c = pi4 * (-60 * z2 + 212 * z4) / 16, k3b = pi2 * (135 * z4 - 96 * z6) / 4;
        double k3a = -30 * z6 - 90 * Math.Pow(z, 8);
        double K0 = 0, K1 = 0, K2 = 0, K3 = 0;
        int maxk = (int)Math.Ceiling(16 * z / Math.PI);
        for (int k = maxk; k > 0; k--)
        {
            double m = 2 * k - 1, ms = m * m, m4 = ms * ms, m6 = m4 * ms;
            double qp = Math.Pow(q, 8 * k);
            K0 = K0 * qp + 1.0;
            K1 = K1 * qp + (k1a + k1b * ms);
            K2 = K2 * qp + (k2a + k2b * ms + k2c * m4);
            K3 = K3 * qp + (k3a + k3b * ms + k3c * m4 + k3d * m6);
        }
        double sqrt2pi = Math.Sqrt(2 * Math.PI);
        K0 = K0 * q * sqrt2pi / z;
        K1 = K1 * q * sqrt2pi / (6 * z4);
        K2 = K2 * q * sqrt2pi / (72 * Math.Pow(z, 7));
        K3 = K3 * q * sqrt2pi / (6480 * Math.Pow(z, 10));
        double q2 = Math.Exp(-pi2 / 2 / z2);
        double sqrt3z = Math.Sqrt(3) * z, k2extra = 0, k3extra = 0;
        for (int k = maxk; k > 0; k--)
        {
            double ks = (double)k * k, qp = Math.Pow(q2, ks), kspi = Math.PI * k;
            k2extra += ks * qp;
            k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * ks * qp;
        }
        K2 += k2extra * pi2 * sqrt2pi / (-36 * z3);
        K3 += k3extra * pi2 * sqrt2pi / (216 * z6);
        K1 /= Math.Pow(n, 0.5);
        K2 /= n;
        K3 /= Math.Pow(n, 1.5);
        return K0 + K1 + K2 + K3;
    }
}

/// <summary>
/// The one-sided Smirnov statistic Dₙ⁺ = supₓ (Fₙ(x) − F(x)): Pr(Dₙ⁺ ≥ d) by the Birnbaum–Tingey sum
/// d · Σ_{j=0}^{⌊n(1−d)⌋} C(n, j) (1 − d − j/n)^{n−j} (d + j/n)^{j−1}, every term positive and evaluated in logs.
/// </summary>
/// <remarks>SciPy's <c>scipy.special.smirnov</c> evaluates the same sum in double-double; this double evaluation agrees to about 1e-13 relative.</remarks>
public static class Smirnov
{
    /// <summary>Pr(Dₙ⁺ ≥ d).</summary>
    /// <param name="n">Sample size, n ≥ 1.</param>
    /// <param name="d">Statistic value in [0, 1].</param>
    /// <returns>The survival probability.</returns>
    public static double Survival(int n, double d)
    {
        if (d <= 0) return 1.0;
        if (d >= 1) return 0.0;
        int last = (int)Math.Floor(n * (1 - d));
        double logN = SpecialFunctions.GammaLn(n + 1.0);
        double sum = 0;
        for (int j = 0; j <= last; j++)
        {
            double a = 1 - d - (double)j / n, b = d + (double)j / n;
            double logTerm = logN - SpecialFunctions.GammaLn(j + 1.0) - SpecialFunctions.GammaLn(n - j + 1.0);
            if (n - j > 0)
            {
                if (a <= 0) continue;
                logTerm += (n - j) * Math.Log(a);
            }
            logTerm += (j - 1) * Math.Log(b);
            sum += Math.Exp(logTerm);
        }
        double p = d * sum;
        return p < 0 ? 0 : p > 1 ? 1 : p;
    }
}
