namespace Kullback.Distributions;

/// <summary>Row-major lower-triangular k×k matrices: Cholesky factorisation and the triangular solves the Gaussians need.</summary>
public static class LowerTriangular
{
    /// <summary>
    /// Cholesky factor L (lower, positive diagonal) with L Lᵀ = Σ, written row-major into <paramref name="factor"/>;
    /// <paramref name="covariance"/> is k×k row-major and must be symmetric positive definite.
    /// </summary>
    /// <exception cref="ArgumentException">Shapes disagree, Σ is not symmetric (the message names the entry), or not positive definite (names the pivot).</exception>
    public static void Cholesky(ReadOnlySpan<double> covariance, int k, Span<double> factor)
    {
        if (covariance.Length != k * k || factor.Length != k * k)
            throw new ArgumentException($"covariance must be {k}×{k} = {k * k} numbers, got {covariance.Length}", nameof(covariance));
        for (int i = 0; i < k; i++)
            for (int j = 0; j < i; j++)
            {
                double a = covariance[i * k + j], b = covariance[j * k + i];
                if (!double.IsFinite(a) || Math.Abs(a - b) > 1e-12 * Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b))))
                    throw new ArgumentException($"covariance[{i}][{j}] = {Parameters.Format(a)} but covariance[{j}][{i}] = {Parameters.Format(b)}: covariance must be symmetric and finite", nameof(covariance));
            }
        factor.Clear();
        for (int j = 0; j < k; j++)
        {
            double diagonal = covariance[j * k + j];
            for (int m = 0; m < j; m++) diagonal -= factor[j * k + m] * factor[j * k + m];
            if (!(diagonal > 0) || !double.IsFinite(diagonal))
                throw new ArgumentException($"covariance is not positive definite: pivot {j} is {Parameters.Format(diagonal)} (must be > 0)", nameof(covariance));
            double ljj = Math.Sqrt(diagonal);
            factor[j * k + j] = ljj;
            for (int i = j + 1; i < k; i++)
            {
                double s = covariance[i * k + j];
                for (int m = 0; m < j; m++) s -= factor[i * k + m] * factor[j * k + m];
                factor[i * k + j] = s / ljj;
            }
        }
    }

    /// <summary>Solves L y = b by forward substitution (L row-major k×k lower); y may alias b.</summary>
    public static void SolveInPlace(ReadOnlySpan<double> lower, int k, Span<double> b)
    {
        for (int i = 0; i < k; i++)
        {
            double s = b[i];
            for (int m = 0; m < i; m++) s -= lower[i * k + m] * b[m];
            b[i] = s / lower[i * k + i];
        }
    }

    /// <summary>Σᵢ log Lᵢᵢ = ½ log det(L Lᵀ).</summary>
    public static double HalfLogDet(ReadOnlySpan<double> lower, int k)
    {
        double sum = 0;
        for (int i = 0; i < k; i++) sum += Math.Log(lower[i * k + i]);
        return sum;
    }
}
