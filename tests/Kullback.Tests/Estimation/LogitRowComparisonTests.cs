using Kullback.Estimation;
using Kullback.Kernels;

namespace Kullback.Tests.Estimation;

public class LogitRowComparisonTests
{
    [Fact]
    public void FusedRowMatchesTheScalarKernelsOfLossesAndMeasuresForLengths1To257()
    {
        var rng = new Random(3);
        for (int n = 1; n <= 257; n++)
        {
            var a = new float[n];
            var b = new float[n];
            for (int i = 0; i < n; i++)
            {
                a[i] = (float)(rng.NextDouble() * 16 - 8);
                b[i] = a[i] + (float)((rng.NextDouble() - 0.5) * 0.2);
            }
            if (n > 3) { a[1] = float.NegativeInfinity; b[1] = float.NegativeInfinity; } // a masked class in both
            var row = LogitRowComparison.Compare(a, b);
            var reference = new double[1];
            reference[0] = ScalarReference(a, b);
            // D = t/s_a − log s_a + log s_b subtracts terms of size ≤ 16 here; two summation orders differ by ≤ n·ε·16.
            double tolerance = 1e-12 * reference[0] + n * 2.220446049250313e-16 * 16;
            Assert.True(Math.Abs(row.Divergence - reference[0]) <= tolerance, $"n = {n}: {row.Divergence:R} vs {reference[0]:R}");
            Assert.Equal(LogSumExp.Of(a), row.LogPartitionA, 1e-12);
            Assert.Equal(LogSumExp.Of(b), row.LogPartitionB, 1e-12);
            Assert.Equal(Array.IndexOf(a, a.Max()), row.ArgMaxA);
            Assert.Equal(Array.IndexOf(b, b.Max()), row.ArgMaxB);
        }
    }

    /// <summary>The scalar double form of the losses kernel (its own SIMD form accumulates exp in float).</summary>
    private static unsafe double ScalarReference(float[] a, float[] b)
    {
        fixed (float* pa = a) fixed (float* pb = b) return LogitKullbackLeibler.Row(pa, pb, a.Length);
    }

    [Fact]
    public void ClassMaskedOnlyInBGivesInfinityAndIdenticalRowsGiveZero()
    {
        var a = Enumerable.Range(0, 40).Select(i => (float)Math.Sin(i)).ToArray();
        var b = (float[])a.Clone();
        Assert.Equal(0, LogitRowComparison.Compare(a, b).Divergence);
        b[17] = float.NegativeInfinity;
        Assert.Equal(double.PositiveInfinity, LogitRowComparison.Compare(a, b).Divergence);
        Assert.True(double.IsFinite(LogitRowComparison.Compare(b, a).Divergence));
    }

    [Fact]
    public void NaNPlusInfinityAndAllMaskedRowsAreErrorsNamingTheIndex()
    {
        var a = new float[20];
        var b = new float[20];
        a[13] = float.NaN;
        Assert.Contains("a[13]", Assert.Throws<ArgumentException>(() => LogitRowComparison.Compare(a, b)).Message);
        a[13] = 0;
        b[5] = float.PositiveInfinity;
        Assert.Contains("b[5]", Assert.Throws<ArgumentException>(() => LogitRowComparison.Compare(a, b)).Message);
        Array.Fill(b, float.NegativeInfinity);
        Assert.Contains("every logit is −∞", Assert.Throws<ArgumentException>(() => LogitRowComparison.Compare(a, b)).Message);
        Assert.Throws<ArgumentException>(() => LogitRowComparison.Compare(a, new float[3]));
    }

    [Fact]
    public void VectorExpMatchesMathExpOnTheNonPositiveAxis()
    {
        var rng = new Random(11);
        for (int trial = 0; trial < 20000; trial++)
        {
            double x = trial switch { 0 => 0, 1 => -745.0, 2 => -708.5, 3 => -1e-300, _ => -Math.Pow(10, rng.NextDouble() * 5.9 - 3) };
            double want = Math.Exp(x);
            double got256 = NonPositiveExp.Exp<System.Runtime.Intrinsics.Vector256<double>, Kullback.Kernels.Simd256>(System.Runtime.Intrinsics.Vector256.Create(x))[2];
            double got512 = NonPositiveExp.Exp<System.Runtime.Intrinsics.Vector512<double>, Kullback.Kernels.Simd512>(System.Runtime.Intrinsics.Vector512.Create(x))[5];
            double got128 = NonPositiveExp.Exp<System.Runtime.Intrinsics.Vector128<double>, Kullback.Kernels.Simd128>(System.Runtime.Intrinsics.Vector128.Create(x))[1];
            double tolerance = want >= double.Epsilon * (1L << 52) ? 1e-14 * want : 2 * double.Epsilon; // subnormals: absolute
            Assert.True(Math.Abs(got256 - want) <= tolerance, $"x = {x:R}: {got256:R} vs {want:R}");
            Assert.True(Math.Abs(got512 - want) <= tolerance, $"x = {x:R}: {got512:R} vs {want:R}");
            Assert.True(Math.Abs(got128 - want) <= tolerance, $"x = {x:R}: {got128:R} vs {want:R}");
        }
        Assert.Equal(0, NonPositiveExp.Exp<System.Runtime.Intrinsics.Vector256<double>, Kullback.Kernels.Simd256>(System.Runtime.Intrinsics.Vector256.Create(double.NegativeInfinity))[0]);
        Assert.Equal(0, NonPositiveExp.Exp<System.Runtime.Intrinsics.Vector256<double>, Kullback.Kernels.Simd256>(System.Runtime.Intrinsics.Vector256.Create(-746.0))[0]);
        Assert.Equal(0, NonPositiveExp.Exp<System.Runtime.Intrinsics.Vector128<double>, Kullback.Kernels.Simd128>(System.Runtime.Intrinsics.Vector128.Create(double.NegativeInfinity))[0]);
        Assert.Equal(0, NonPositiveExp.Exp<System.Runtime.Intrinsics.Vector128<double>, Kullback.Kernels.Simd128>(System.Runtime.Intrinsics.Vector128.Create(-746.0))[1]);
    }

    [Fact]
    public void ExpTableIsTwoToTheJOver256CorrectlyRounded()
    {
        // The table is a literal (mpmath 1.2.1 at 200 bits). Independent checks: 2^{1/2} = √2, which IEEE sqrt rounds
        // correctly, so T_128 must be Math.Sqrt(2) exactly; every entry within one ulp of Math.Pow (itself within one ulp);
        // and T_j² within two ulps of T_{2j} (j < 128), which a typo in any one digit would break.
        var t = NonPositiveExp.TableValues;
        Assert.Equal(256, t.Length);
        Assert.Equal(1.0, t[0]);
        Assert.Equal(Math.Sqrt(2), t[128]);
        for (int j = 0; j < 256; j++)
        {
            double want = Math.Pow(2, j / 256.0);
            Assert.True(Math.Abs(t[j] - want) <= Math.BitIncrement(want) - want, $"T_{j} = {t[j]:R} vs pow {want:R}");
            if (j < 128) Assert.True(Math.Abs(t[j] * t[j] - t[2 * j]) <= 2 * (Math.BitIncrement(t[2 * j]) - t[2 * j]), $"T_{j}² vs T_{2 * j}");
        }
    }

    [Fact]
    public void BoundedExpHasTheBitsOfTheWholeDomainExpDownToMinus708()
    {
        var rng = new Random(13);
        for (int trial = 0; trial < 20000; trial++)
        {
            double x = trial switch { 0 => 0, 1 => NonPositiveExp.NormalBound, 2 => -1e-300, _ => -Math.Pow(10, rng.NextDouble() * 5 - 3) };
            if (x < NonPositiveExp.NormalBound) x = NonPositiveExp.NormalBound * rng.NextDouble();
            var x256 = System.Runtime.Intrinsics.Vector256.Create(x);
            var x512 = System.Runtime.Intrinsics.Vector512.Create(x);
            var x128 = System.Runtime.Intrinsics.Vector128.Create(x);
            Assert.Equal(NonPositiveExp.Exp<System.Runtime.Intrinsics.Vector256<double>, Kullback.Kernels.Simd256>(x256),
                NonPositiveExp.ExpInNormalRange<System.Runtime.Intrinsics.Vector256<double>, Kullback.Kernels.Simd256>(x256));
            Assert.Equal(NonPositiveExp.Exp<System.Runtime.Intrinsics.Vector512<double>, Kullback.Kernels.Simd512>(x512),
                NonPositiveExp.ExpInNormalRange<System.Runtime.Intrinsics.Vector512<double>, Kullback.Kernels.Simd512>(x512));
            Assert.Equal(NonPositiveExp.Exp<System.Runtime.Intrinsics.Vector128<double>, Kullback.Kernels.Simd128>(x128),
                NonPositiveExp.ExpInNormalRange<System.Runtime.Intrinsics.Vector128<double>, Kullback.Kernels.Simd128>(x128));
        }
    }

    [Fact]
    public void ReverseKlJsAndSameSampledMatchTheDirectDoubleFormulasIncludingMaskedClasses()
    {
        var rng = new Random(5);
        foreach (int n in new[] { 1, 7, 33, 300 })
        {
            var a = new float[n];
            var b = new float[n];
            for (int i = 0; i < n; i++)
            {
                a[i] = (float)(rng.NextDouble() * 10 - 5);
                b[i] = a[i] + (float)((rng.NextDouble() - 0.5) * 0.5);
            }
            if (n > 3) { a[2] = float.NegativeInfinity; b[2] = float.NegativeInfinity; b[3] = float.NegativeInfinity; }
            double la = LogSumExp.Of(a), lb = LogSumExp.Of(b);
            double rev = 0, js = 0, same = 0, maxP = 0;
            for (int i = 0; i < n; i++)
            {
                double p = Math.Exp(a[i] - la), q = Math.Exp(b[i] - lb), m = 0.5 * (p + q);
                if (q > 0) rev += q * ((b[i] - lb) - (a[i] - la));
                if (p > 0) js += 0.5 * p * Math.Log(p / m);
                if (q > 0) js += 0.5 * q * Math.Log(q / m);
                same += p * q;
                maxP = Math.Max(maxP, p);
            }
            var row = LogitRowComparison.Compare(a, b);
            Assert.True(Math.Abs(row.ReverseDivergence - rev) <= 1e-9 * rev + 1e-15, $"n = {n}: D(q‖p) {row.ReverseDivergence:R} vs {rev:R}");
            Assert.True(Math.Abs(row.JensenShannon - js) <= 1e-9 * js + 1e-15, $"n = {n}: JS {row.JensenShannon:R} vs {js:R}");
            Assert.Equal(same, row.SameSampled, 1e-12);
            Assert.Equal(maxP, row.MaxProbabilityA, 1e-12);
        }
    }

    [Fact]
    public void TopKBreaksTiesByTheLowerIndexAndOverlapCountsCommonIndices()
    {
        var z = new float[] { 1, 3, 3, float.NegativeInfinity, 2, 3, 0, 2, 9, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 5, 5 };
        var top = new int[6];
        TopK.Largest(z, top, new float[6]);
        Assert.Equal(new[] { 8, 19, 20, 1, 2, 5 }, top);
        Assert.Equal(2, TopK.Overlap(new[] { 1, 2, 3 }, new[] { 3, 9, 1 }));
        Assert.Throws<ArgumentException>(() => TopK.Largest(z, new int[22], new float[22]));
    }

    [Fact]
    public void TopKEqualsAStableSortAtEveryLengthAndVectorWidth()
    {
        // Rows of 1…100 values on a coarse grid (many ties) with some ±∞, so the vector filter (8 or 4 lanes, or
        // none at DOTNET_EnableHWIntrinsic=0) meets whole vectors, tails, equal thresholds and infinite thresholds.
        var rng = new Random(13);
        for (int c = 1; c <= 100; c++)
            foreach (int k in new[] { 1, 5, 10, c })
            {
                if (k > c) continue;
                var z = new float[c];
                for (int i = 0; i < c; i++)
                    z[i] = rng.Next(20) switch { 0 => float.NegativeInfinity, 1 => float.PositiveInfinity, var v => (v - 10) / 2f };
                var top = new int[k];
                TopK.Largest(z, top, new float[k]);
                var expected = Enumerable.Range(0, c).OrderByDescending(i => z[i]).Take(k).ToArray();   // stable: ties by index
                Assert.True(expected.SequenceEqual(top), $"C = {c}, k = {k}: [{string.Join(", ", top)}] vs [{string.Join(", ", expected)}]");
            }
    }

    [Fact]
    public void JensenShannonPassAtEveryVectorWidthMatchesItsScalarFormForLengths0To257()
    {
        // Odd n: every class within 1e-2 of the other model (|t| ≤ 1/8: the series form in whole vectors) but for classes
        // masked in both (p + q = 0). Even n: mixed differences, classes masked in one model and finite ones 1000 below
        // the maximum (exp underflows to 0), so the log form, its p = 0 / q = 0 selects and vectors that mix both
        // forms meet whole vectors and the scalar tail at every width the hardware runs.
        var rng = new Random(21);
        for (int n = 0; n <= 257; n++)
        {
            var a = new float[n];
            var b = new float[n];
            for (int i = 0; i < n; i++)
            {
                a[i] = (float)(rng.NextDouble() * 12 - 6);
                double spread = n % 2 == 1 ? 1e-2 : i % 3 == 0 ? 1e-3 : 0.6;
                b[i] = a[i] + (float)((rng.NextDouble() - 0.5) * spread);
                switch (rng.Next(12))
                {
                    case 0: a[i] = b[i] = float.NegativeInfinity; break;
                    case 1 when n % 2 == 0: b[i] = float.NegativeInfinity; break;
                    case 2 when n % 2 == 0: a[i] = -1000; break;
                }
            }
            if (n > 0) { a[0] = 6; b[0] = 6; }
            double ma = n == 0 ? 0 : a.Max(), mb = n == 0 ? 0 : b.Max();
            var e = a.Select(x => Math.Exp(x - ma)).ToArray();
            var f = b.Select(x => Math.Exp(x - mb)).ToArray();
            double sa = e.Sum(), sb = f.Sum();
            double lseA = ma + Math.Log(sa), lseB = mb + Math.Log(sb), ra = 1 / sa, rb = 1 / sb;
            double scalar = JensenShannonRows.Sum(a, b, e, f, lseA, lseB, ra, rb, VectorWidth.Scalar);
            // What rounding in another order, another log and the other form (a vector with one lane above 1/8 takes
            // the log form for all) can move: ε·(p + q)·(|log p| + |log q| + 2|log m| + 1) per class.
            double condition = 0, direct = 0;
            for (int i = 0; i < n; i++)
            {
                double p = e[i] * ra, q = f[i] * rb, lm = Math.Log(0.5 * (p + q));
                if (p + q == 0) continue;
                double lp = a[i] - lseA, lq = b[i] - lseB;
                condition += (p + q) * ((p > 0 ? Math.Abs(lp) : 0) + (q > 0 ? Math.Abs(lq) : 0) + 2 * Math.Abs(lm) + 1);
                if (p > 0) direct += 0.5 * p * (lp - lm);
                if (q > 0) direct += 0.5 * q * (lq - lm);
            }
            double tolerance = (n + 16) * 2.220446049250313e-16 * condition;
            Assert.True(Math.Abs(scalar - direct) <= tolerance, $"n = {n}: scalar {scalar:R} vs the direct log form {direct:R}");
            foreach (var width in new[] { VectorWidth.V512, VectorWidth.V256, VectorWidth.V128 })
            {
                if (!SimdWidth.IsAccelerated(width)) continue;
                double w = JensenShannonRows.Sum(a, b, e, f, lseA, lseB, ra, rb, width);
                Assert.True(Math.Abs(w - scalar) <= tolerance, $"n = {n}, {width}: {w:R} vs scalar {scalar:R}");
            }
        }
    }
}
