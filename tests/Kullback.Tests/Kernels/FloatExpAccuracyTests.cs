using System.Runtime.Intrinsics;
using Kullback.Kernels;

namespace Kullback.Tests.Kernels;

/// <summary>
/// The float eˣ of the loss kernels (<see cref="FloatExp"/>) at every width this machine runs, against Math.Exp in double
/// rounded to float, over the arguments the kernels pass (z − max z ≤ 0): every float in [−87.3, 0] that is a multiple of
/// 2⁻¹⁴ plus random floats, the range boundary, −0 and −∞. Measured worst: 1 ulp (with or without FMA); 2 are allowed.
/// Below <see cref="FloatExp.Lowest"/> the result is exactly +0, never a subnormal.
/// </summary>
public class FloatExpAccuracyTests
{
    private const double AllowedUlps = 2;

    private static double UlpsOff(float actual, double exact)
    {
        float rounded = (float)exact;
        double ulp = MathF.BitIncrement(rounded) - rounded;
        return Math.Abs(actual - exact) / ulp;
    }

    private static float[] Arguments()
    {
        var xs = new List<float>();
        for (int k = 0; k <= 87 * 16384; k++) xs.Add(-k / 16384f);
        var rng = new Random(20261203);
        for (int k = 0; k < 400_000; k++) xs.Add(-(float)(rng.NextDouble() * -FloatExp.Lowest));
        for (int k = 0; k < 100_000; k++) xs.Add(-(float)Math.Pow(10, -12 * rng.NextDouble()));   // small |x|: e^x near 1
        return [.. xs];
    }

    private static double Worst<TV, TOps>(float[] xs) where TV : struct where TOps : ISimdFloat<TV>
    {
        int k = TOps.Count;
        var lanes = new float[k];
        double worst = 0;
        unsafe
        {
            fixed (float* x = xs)
            fixed (float* y = lanes)
                for (int i = 0; i + k <= xs.Length; i += k)
                {
                    TOps.Store(y, FloatExp.Exp<TV, TOps>(TOps.Load(x + i)));
                    for (int j = 0; j < k; j++)
                    {
                        double exact = Math.Exp(x[i + j]);
                        if (x[i + j] < FloatExp.Lowest) Assert.Equal(0f, y[j]);
                        else worst = Math.Max(worst, UlpsOff(y[j], exact));
                    }
                }
        }
        return worst;
    }

    [Fact]
    public void WithinTwoUlpsAtEveryWidth()
    {
        var xs = Arguments();
        if (Vector512.IsHardwareAccelerated)
        {
            double w = Worst<Vector512<float>, FloatSimd512>(xs);
            Assert.True(w <= AllowedUlps, $"Vector512: {w} ulps");
        }
        if (Vector256.IsHardwareAccelerated)
        {
            double w = Worst<Vector256<float>, FloatSimd256>(xs);
            Assert.True(w <= AllowedUlps, $"Vector256: {w} ulps");
        }
        if (Vector128.IsHardwareAccelerated)
        {
            double w = Worst<Vector128<float>, FloatSimd128>(xs);
            Assert.True(w <= AllowedUlps, $"Vector128: {w} ulps");
        }
    }

    private static void Edges<TV, TOps>() where TV : struct where TOps : ISimdFloat<TV>
    {
        float[] special = [0f, -0f, float.NegativeInfinity, FloatExp.Lowest, MathF.BitDecrement(FloatExp.Lowest), -88f, -1000f, -1e30f];
        float[] expected = [1f, 1f, 0f, (float)Math.Exp(FloatExp.Lowest), 0f, 0f, 0f, 0f];
        int k = TOps.Count;
        var x = new float[k];
        var y = new float[k];
        for (int start = 0; start < special.Length; start += k)
        {
            int m = Math.Min(k, special.Length - start);
            Array.Clear(x);
            Array.Copy(special, start, x, 0, m);
            unsafe
            {
                fixed (float* px = x)
                fixed (float* py = y)
                    TOps.Store(py, FloatExp.Exp<TV, TOps>(TOps.Load(px)));
            }
            for (int j = 0; j < m; j++)
            {
                float want = expected[start + j];
                if (want == 0) Assert.True(y[j] == 0 && !float.IsNegative(y[j]), $"exp({special[start + j]}) = {y[j]:R}, expected +0");
                else Assert.True(UlpsOff(y[j], Math.Exp(special[start + j])) <= AllowedUlps, $"exp({special[start + j]}) = {y[j]:R}");
            }
        }
    }

    [Fact]
    public void EdgeValuesAtEveryWidth()
    {
        if (Vector512.IsHardwareAccelerated) Edges<Vector512<float>, FloatSimd512>();
        if (Vector256.IsHardwareAccelerated) Edges<Vector256<float>, FloatSimd256>();
        if (Vector128.IsHardwareAccelerated) Edges<Vector128<float>, FloatSimd128>();
    }
}
