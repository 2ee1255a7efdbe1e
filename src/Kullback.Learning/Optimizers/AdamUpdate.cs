using System.Numerics;
using System.Runtime.CompilerServices;
using Kullback.Kernels;

namespace Kullback.Learning.Optimizers;

/// <summary>
/// One Adam step on elements of θ, g, m, v (arrays of T, all the same length; reads g, reads and writes θ, m, v):
/// d = g + λ_c·θ;  m ← β₁·m + (1 − β₁)·d;  v ← β₂·v + (1 − β₂)·d²  (moments below the smallest normal stored as 0);
/// θ ← θ·s − α·m / (√v / √(1 − β₂ᵗ) + ε), α = η / (1 − β₁ᵗ), s = 1 − η·λ (decoupled) or 1.
/// The constants are T's values held exactly in double; every lane computes what the scalar form computes, in the same order.
/// </summary>
internal readonly unsafe struct AdamUpdate(nint parameters, nint gradient, nint m, nint v, double beta1, double beta2, double oneMinusBeta1,
    double oneMinusBeta2, double epsilon, double stepSize, double correction2Sqrt, double coupled, double shrink, double smallestNormal) : IElementOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV C<TV, TL, TE>(double x) where TV : struct where TL : IElementLanes<TV, TE> where TE : unmanaged, IFloatingPointIeee754<TE> =>
        TL.Broadcast(TE.CreateTruncating(x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Invoke<TV, TL, TE>(int i) where TV : struct where TL : IElementLanes<TV, TE> where TE : unmanaged, IFloatingPointIeee754<TE>
    {
        TE* p = (TE*)parameters + i, g = (TE*)gradient + i, pm = (TE*)m + i, pv = (TE*)v + i;
        TV theta = TL.Load(p);
        TV d = TL.Add(TL.Load(g), TL.Multiply(C<TV, TL, TE>(coupled), theta));
        TV mi = TL.Add(TL.Multiply(C<TV, TL, TE>(beta1), TL.Load(pm)), TL.Multiply(C<TV, TL, TE>(oneMinusBeta1), d));
        TV vi = TL.Add(TL.Multiply(C<TV, TL, TE>(beta2), TL.Load(pv)), TL.Multiply(C<TV, TL, TE>(oneMinusBeta2), TL.Multiply(d, d)));
        TV tiny = C<TV, TL, TE>(smallestNormal);
        mi = TL.ZeroBelow(mi, tiny);
        vi = TL.ZeroBelow(vi, tiny);
        TL.Store(pm, mi);
        TL.Store(pv, vi);
        TV denominator = TL.Add(TL.Divide(TL.Sqrt(vi), C<TV, TL, TE>(correction2Sqrt)), C<TV, TL, TE>(epsilon));
        TL.Store(p, TL.Subtract(TL.Multiply(theta, C<TV, TL, TE>(shrink)), TL.Multiply(C<TV, TL, TE>(stepSize), TL.Divide(mi, denominator))));
    }
}
