namespace Kullback.Estimation;

/// <summary>
/// The Frenzel–Pompe estimator of the conditional mutual information I(X;Y|Z) between continuous variables, KSG's
/// algorithm 1 carried to three variables (Frenzel &amp; Pompe 2007, Phys. Rev. Lett. 99, 204101, eq. 4):
/// Î = ψ(k) − ⟨ψ(n_xz + 1) + ψ(n_yz + 1) − ψ(n_z + 1)⟩, where εᵢ is the max-norm distance from (xᵢ, yᵢ, zᵢ) to its
/// k-th nearest other sample and n_xz, n_yz, n_z count the other samples strictly within εᵢ in the (x, z), (y, z)
/// and z subspaces (max-norm).
/// </summary>
public static class FrenzelPompeMutualInformation
{
    /// <summary>Î(X;Y|Z) in nats from n samples (row i of x, y and z belong together).</summary>
    /// <param name="x">Row-major n × <paramref name="dimensionsX"/>.</param>
    /// <param name="dimensionsX">d_x ≥ 1.</param>
    /// <param name="y">Row-major n × <paramref name="dimensionsY"/>.</param>
    /// <param name="dimensionsY">d_y ≥ 1.</param>
    /// <param name="z">Row-major n × <paramref name="dimensionsZ"/>, the conditioning variable.</param>
    /// <param name="dimensionsZ">d_z ≥ 1.</param>
    /// <param name="k">Neighbour order. Range: 1 ≤ k &lt; n.</param>
    /// <param name="threads">Most threads for the neighbour searches (≥ 1).</param>
    /// <returns>Î with its naive standard error; not clipped.</returns>
    /// <exception cref="ArgumentException">Bad shapes, different numbers of samples, non-finite values, k out of range.</exception>
    public static MutualInformationEstimate Estimate(ReadOnlySpan<double> x, int dimensionsX, ReadOnlySpan<double> y, int dimensionsY,
        ReadOnlySpan<double> z, int dimensionsZ, int k = 3, int threads = 1)
    {
        int n = KraskovMutualInformation.Samples(x, dimensionsX, "x");
        if (KraskovMutualInformation.Samples(y, dimensionsY, "y") != n)
            throw new ArgumentException($"x has {n} samples, y has {y.Length / dimensionsY}: they must be paired", nameof(y));
        if (KraskovMutualInformation.Samples(z, dimensionsZ, "z") != n)
            throw new ArgumentException($"x has {n} samples, z has {z.Length / dimensionsZ}: they must be paired", nameof(z));
        KraskovMutualInformation.CheckK(k, n);
        var xz = KraskovMutualInformation.Join(x, dimensionsX, z, dimensionsZ);
        var yz = KraskovMutualInformation.Join(y, dimensionsY, z, dimensionsZ);
        var xyz = KraskovMutualInformation.Join(x, dimensionsX, yz, dimensionsY + dimensionsZ);
        var eps = KraskovMutualInformation.JointRadii(xyz, dimensionsX + dimensionsY + dimensionsZ, k, threads);
        var nxz = Counts(xz, dimensionsX + dimensionsZ, eps, threads);
        var nyz = Counts(yz, dimensionsY + dimensionsZ, eps, threads);
        var nz = Counts(z.ToArray(), dimensionsZ, eps, threads);
        var psi = DigammaTable.AtLeast(n + 1);
        var terms = new double[n];
        for (int i = 0; i < n; i++) terms[i] = psi[k] - psi[nxz[i] + 1] - psi[nyz[i] + 1] + psi[nz[i] + 1];
        return MutualInformationEstimate.FromTerms(terms);
    }

    private static int[] Counts(double[] points, int dimensions, double[] eps, int threads)
    {
        var counts = new int[eps.Length];
        KraskovMutualInformation.CountOthersWithin(points, dimensions, eps, counts, threads);
        return counts;
    }
}
