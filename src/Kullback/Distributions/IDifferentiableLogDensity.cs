namespace Kullback.Distributions;

/// <summary>A univariate density whose log has a derivative in x: what reparameterisation gradients through a prior need.</summary>
public interface IDifferentiableLogDensity
{
    /// <summary>d/dx log p(x) at a point of the support.</summary>
    double LogProbDerivative(double x);
}
