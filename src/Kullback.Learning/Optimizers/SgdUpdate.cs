using System.Numerics;
using System.Runtime.CompilerServices;
using Kullback.Kernels;

namespace Kullback.Learning.Optimizers;

/// <summary>
/// One SGD step on elements of θ, g and the momentum buffer b (arrays of T, the same length; reads g, reads and writes θ
/// and b, b unused without momentum): d = g + λ·θ;  with momentum b ← d (first step) or μ·b + d (entries below the
/// smallest normal stored as 0), d ← Nesterov ? d + μ·b : b;  θ ← θ − η·d.
/// The constants are T's values held exactly in double; every lane computes what the scalar form computes, in the same order.
/// </summary>
internal readonly unsafe struct SgdUpdate(nint parameters, nint gradient, nint velocity, double learningRate, double momentum, double weightDecay,
    double smallestNormal, bool hasMomentum, bool first, bool nesterov) : IElementOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Invoke<TV, TL, TE>(int i) where TV : struct where TL : IElementLanes<TV, TE> where TE : unmanaged, IFloatingPointIeee754<TE>
    {
        TE* p = (TE*)parameters + i;
        TV theta = TL.Load(p);
        TV d = TL.Add(TL.Load((TE*)gradient + i), TL.Multiply(TL.Broadcast(TE.CreateTruncating(weightDecay)), theta));
        if (hasMomentum)
        {
            TE* b = (TE*)velocity + i;
            TV mu = TL.Broadcast(TE.CreateTruncating(momentum));
            TV v = first ? d : TL.Add(TL.Multiply(mu, TL.Load(b)), d);
            v = TL.ZeroBelow(v, TL.Broadcast(TE.CreateTruncating(smallestNormal)));
            TL.Store(b, v);
            d = nesterov ? TL.Add(d, TL.Multiply(mu, v)) : v;
        }
        TL.Store(p, TL.Subtract(theta, TL.Multiply(TL.Broadcast(TE.CreateTruncating(learningRate)), d)));
    }
}
